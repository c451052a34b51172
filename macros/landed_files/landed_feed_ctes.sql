{#- The skeleton the feed staging models (stg_technographics__detections, stg_intent__signals) share: the
    CTEs files_to_stage, source, <value_column>_source, judged, cleaned and distinct_<value_column>_spellings,
    each followed by a comma; the model then maps the distinct spellings and joins everything back.

    It reads the source twice on purpose, and DuckDB's plan depends on that shape (measured at 1M accounts):
    `source` is every landed row unfiltered, kept to the files to stage only by the model's inner join with
    files_to_stage, which DuckDB pushes into the scan (a new day's delivery reads only that file). Filtering it
    here as well made DuckDB misjudge it as small and build its hash join on the 8M technographic rows (2.3 s
    and 2.3 GiB instead of 1.1 s and 0.1 GiB). <value_column>_source reads the same files again for the one
    column the map needs: a second scan is cheaper than two consumers of `source`, which makes DuckDB buffer
    every row (20M intent rows: 2.3 GiB). -#}
{% macro landed_feed_ctes(source_name, table_name, landed_file_glob, vocabulary_relation, value_column) %}
-- The landed files to stage in this run: new or changed files, or all of them after a vocabulary change.
files_to_stage as (
    {{ landed_files_to_stage(landed_file_glob, vocabulary_version(vocabulary_relation)) }}
),

-- Every landed row: the model's inner join with files_to_stage keeps those of the files to stage.
source as (
    select * from {{ source(source_name, table_name) }}
),

-- The same files read again, for one column (see the macro landed_feed_ctes for why twice).
{{ value_column }}_source as (
    select {{ value_column }} from {{ source(source_name, table_name) }}
    where filename in (select files_to_stage.file_name from files_to_stage)
),

-- Most delivered domains are already clean: one match per row recognises them, and only the others go
-- through the full cleaning (cheaper than cleaning each distinct domain and joining it back: measured).
judged as (
    select
        *,
        {{ is_clean_domain('domain') }} as is_clean_domain
    from source
),

cleaned as (
    select
        *,
        case when is_clean_domain then domain else {{ normalize_domain('domain') }} end as domain_host
    from judged
),

-- The values repeat millions of times: the model maps each distinct spelling once.
distinct_{{ value_column }}_spellings as materialized (
    select distinct {{ value_column }} as {{ value_column }}_raw from {{ value_column }}_source
),
{% endmacro %}
