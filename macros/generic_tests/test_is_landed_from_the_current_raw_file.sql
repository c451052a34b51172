{#- Fails when the landed Parquet file a source reads was not landed from the raw CSV file as it is now (the CSV
    changed, or ICP_RAW_DIR points at other files than were landed): scripts/check_raw_files.py lands a file
    and records the CSV's size and modification time in the Parquet metadata; read_blob reads them again
    here without reading the file's contents. -#}
{% test is_landed_from_the_current_raw_file(model, raw_file) %}

{%- set raw_path = env_var('ICP_RAW_DIR', 'data/raw') ~ '/' ~ raw_file -%}
{%- set landed_path = env_var('ICP_LANDED_DIR', 'data/landed') ~ '/' ~ raw_file.rsplit('.', 1)[0] ~ '.parquet' -%}

with

landed as (
    select
        max(case when decode(key) = 'raw_size' then decode(value) end) as raw_size,
        max(case when decode(key) = 'raw_last_modified' then decode(value) end) as raw_last_modified
    from parquet_kv_metadata('{{ landed_path }}')
),

raw as (
    select
        cast(size as varchar) as raw_size,
        cast(last_modified as varchar) as raw_last_modified
    from read_blob('{{ raw_path }}')
),

final as (
    select
        landed.raw_size as landed_from_size,
        landed.raw_last_modified as landed_from_last_modified,
        raw.raw_size,
        raw.raw_last_modified,
        '{{ landed_path }} was landed from a {{ raw_file }} of '
        || coalesce(landed.raw_size, '?') || ' bytes modified ' || coalesce(landed.raw_last_modified, '?')
        || ', but {{ raw_path }} now has ' || raw.raw_size || ' bytes modified ' || raw.raw_last_modified
        || ': run scripts/check_raw_files.py (make build does) to check and land the current file.'
            as failure_reason
    from raw
    cross join landed
    where
        landed.raw_size is distinct from raw.raw_size
        or landed.raw_last_modified is distinct from raw.raw_last_modified
)

select * from final

{% endtest %}
