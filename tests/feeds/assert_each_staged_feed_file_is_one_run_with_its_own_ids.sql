-- The tests of the feed staging models check the rows staged in the run (each file staged is checked whole:
-- its ids unique, its columns valid). What they cannot see, checked here across every staged file:
-- - a file's rows all come from one run (a file staged again replaces all its rows: none left from before);
-- - no two files share an id prefix: an intent signal_id is its file's delivery date (yyyymmdd, 0 for
--   intent_signals.csv) times 10^10 plus its row, so ids are unique across files only while their dates are.
-- Two small aggregates over every staged row (a few distinct values each), not a key test over 28M rows.

with

signals as (
    select * from {{ ref('stg_intent__signals') }}
),

detections as (
    select * from {{ ref('stg_technographics__detections') }}
),

staged_files as (
    select
        'stg_intent__signals' as staging_model,
        source_file,
        signal_id - signal_id % 10000000000 as id_prefix,
        staged_at
    from signals
    union all
    select
        'stg_technographics__detections' as staging_model,
        source_file,
        0 as id_prefix,
        staged_at
    from detections
),

files as (
    select
        staging_model,
        source_file,
        count(distinct staged_at) as staging_runs,
        count(distinct id_prefix) as id_prefixes,
        min(id_prefix) as id_prefix
    from staged_files
    group by staging_model, source_file
),

files_staged_more_than_once as (
    select
        staging_model,
        source_file,
        source_file || ' has rows from ' || cast(staging_runs as {{ dbt.type_string() }})
        || ' staging runs: the rows of its earlier staging were not replaced' as failure_reason
    from files
    where staging_runs > 1
),

shared_id_prefixes as (
    select
        staging_model,
        {{ ordered_string_agg('source_file', ', ', 'source_file') }} as source_file,
        'these files share the id prefix ' || cast(id_prefix as {{ dbt.type_string() }})
        || ' (their delivery dates): rename them intent_signals_YYYY-MM-DD.csv, one per day' as failure_reason
    from files
    where id_prefixes = 1
    group by staging_model, id_prefix
    having count(*) > 1
)

select * from files_staged_more_than_once
union all
select * from shared_id_prefixes
