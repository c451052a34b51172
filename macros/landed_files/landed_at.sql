{#- When the newest landed file of a source was extracted: the modification time of the raw CSV it was landed
    from, which scripts/check_raw_files.py records in the Parquet file's key-value metadata (raw_last_modified).
    Not the landed file's own time: landing an old extract again (a wiped landed folder) must not make it fresh.
    A query for a source's `loaded_at_query` (dbt source freshness). -#}
{% macro landed_at(landed_file_glob) %}
    select max(cast(landed.value as timestamptz))
    from {{ landed_file_metadata(landed_file_glob) }} as landed
    where landed.key = 'raw_last_modified'
{% endmacro %}
