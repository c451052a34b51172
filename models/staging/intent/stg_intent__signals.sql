{#- Incremental by landed file: intent_signals.csv and each daily delivery intent_signals_YYYY-MM-DD.csv is
    staged whole. A run stages only the files that are new, changed, or cleaned with another signal-type
    vocabulary (a new day: that day's file only), replacing their rows; the rows of files no longer landed are
    removed (macros/landed_files/staged_by_landed_file.sql). Nothing here depends on the scoring date (future
    events are judged after staging), so a staged row never goes stale; `dbt build --full-refresh` restages
    everything. -#}
{{ config(materialized='incremental', **staged_by_landed_file('intent_signals*.parquet')) }}

with

public_suffixes as (
    select * from {{ ref('public_suffixes') }}
),

signal_type_aliases as (
    select * from {{ ref('intent_signal_type_aliases') }}
),

signal_types as (
    select * from {{ ref('intent_signal_types') }}
),

signal_type_lookup as (
    {{ alias_lookup('signal_type_aliases', 'signal_type_alias', 'signal_types', 'signal_type', 'signal_type_label') }}
),

-- The shared skeleton of the feed staging models: the files to stage, the source read twice on purpose
-- (see macros/landed_files/landed_feed_ctes.sql: DuckDB's plan depends on it), the cleaned domains and their
-- keys (registrable domains), and the distinct spellings to map.
{{ landed_feed_ctes('intent', 'signals', 'intent_signals*.parquet', 'signal_type_lookup', 'signal_type') }}

signal_type_map {{ as_materialized() }} (
    select
        distinct_signal_type_spellings.signal_type_raw,
        {{ normalize_lookup_key('distinct_signal_type_spellings.signal_type_raw') }} as signal_type_key,
        signal_type_lookup.canonical_value as signal_type
    from distinct_signal_type_spellings
    left join signal_type_lookup
        on {{ normalize_lookup_key('distinct_signal_type_spellings.signal_type_raw') }} = signal_type_lookup.lookup_key
),

joined as (
    select
        -- The event's file and data row in it: the delivery date as yyyymmdd (0 for the history file)
        -- times 10^10, plus the row (1 = the first line after the header), kept by the landing.
        coalesce(
            {{ date_as_number(try_cast('right(files_to_stage.source_file, 10)', 'date')) }}, 0
        ) * 10000000000 + cleaned.file_row_number + 1 as signal_id,
        files_to_stage.source_file,
        files_to_stage.staged_version,
        cleaned.domain_host,
        cleaned.domain_key,
        signal_type_map.signal_type,
        signal_type_map.signal_type_key,
        cleaned.signal_type as signal_type_raw,
        -- In UTC: an offset or Z is converted (`2026-12-04T23:30-05:00` is 2026-12-05 04:30); the ISO form
        -- the feeds deliver takes the fast path (macro parse_timestamp). Null for a blank or unreadable value.
        {{ parse_timestamp('cleaned.occurred_at') }} as occurred_at
    from cleaned
    inner join files_to_stage
        on cleaned.filename = files_to_stage.file_name
    left join signal_type_map
        on cleaned.signal_type is not distinct from signal_type_map.signal_type_raw
),

final as (
    select
        signal_id,
        source_file,
        staged_version,
        -- This run's start: the rows staged by a run are the ones its tests check (macro get_where_subquery).
        {{ run_started_at_timestamp() }} as staged_at,
        domain_key as domain,
        signal_type,
        signal_type_raw,
        occurred_at,
        case
            when domain_host is null then 'missing_domain'
            when domain_key is null then 'invalid_domain'
            when signal_type_key is null then 'missing_signal_type'
            when signal_type is null then 'unmapped_signal_type'
            when occurred_at is null then 'unparseable_timestamp'
        end as signal_exclusion_reason
    from joined
)

select * from final
