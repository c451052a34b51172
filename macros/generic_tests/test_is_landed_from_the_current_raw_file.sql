{#- Fails when the landed Parquet files a source reads were not landed from the raw CSV files as they are now (a
    CSV changed, was added or removed, or ICP_RAW_DIR points at other files than were landed):
    `icp land` lands each file and records the CSV's size and modification time in the Parquet
    metadata; read_blob reads them again here without reading the files' contents. raw_file may be a glob
    (intent_signals*.csv: the history file and its daily deliveries); files pair up by name.
    DuckDB only: the other engines cannot read the raw folder, and their loader makes the same check before it
    loads (scripts/icp_scoring/engines/landed_tables.py); there the test selects nothing. -#}
{% test is_landed_from_the_current_raw_file(model, raw_file) %}
{%- if target.type != 'duckdb' %}
select 1 as not_checked_on_this_engine where 1 = 0
{%- else %}

{%- set raw_path = raw_dir() ~ '/' ~ raw_file -%}
{%- set landed_path = landed_dir() ~ '/' ~ raw_file.rsplit('.', 1)[0] ~ '.parquet' -%}

with

landed as (
    select
        parse_filename(file_name, true) as file_stem,
        max(case when decode(key) = 'raw_size' then decode(value) end) as raw_size,
        max(case when decode(key) = 'raw_last_modified' then decode(value) end) as raw_last_modified
    from parquet_kv_metadata('{{ landed_path }}')
    group by file_name
),

raw as (
    select
        parse_filename(filename, true) as file_stem,
        cast(size as {{ engine_type('varchar') }}) as raw_size,
        cast(last_modified as {{ engine_type('varchar') }}) as raw_last_modified
    from read_blob('{{ raw_path }}')
),

final as (
    select
        coalesce(raw.file_stem, landed.file_stem) as file_stem,
        landed.raw_size as landed_from_size,
        landed.raw_last_modified as landed_from_last_modified,
        raw.raw_size,
        raw.raw_last_modified,
        case
            when raw.file_stem is null
                then '{{ landed_dir() }}/' || landed.file_stem
                    || '.parquet is landed, but {{ raw_dir() }}/' || landed.file_stem
                    || '.csv is gone'
            when landed.file_stem is null
                then '{{ raw_dir() }}/' || raw.file_stem || '.csv is not landed'
            else '{{ landed_dir() }}/' || landed.file_stem || '.parquet was landed from a '
                || landed.file_stem || '.csv of ' || coalesce(landed.raw_size, '?') || ' bytes modified '
                || coalesce(landed.raw_last_modified, '?') || ', but {{ raw_dir() }}/'
                || raw.file_stem || '.csv now has ' || raw.raw_size || ' bytes modified ' || raw.raw_last_modified
        end || ': run `icp land` (make build does) to check and land the current files.'
            as failure_reason
    from raw
    full outer join landed
        on raw.file_stem = landed.file_stem
    where
        raw.file_stem is null
        or landed.file_stem is null
        or landed.raw_size is distinct from raw.raw_size
        or landed.raw_last_modified is distinct from raw.raw_last_modified
)

select * from final

{%- endif %}
{% endtest %}
