{#- Incremental by landed file, as stg_intent__signals: when technographics.csv and the technology
    vocabulary are unchanged since the last run (a daily refresh), nothing is staged again. -#}
{{ config(materialized='incremental', **staged_by_landed_file('technographics.parquet')) }}

with

public_suffixes as (
    select * from {{ ref('public_suffixes') }}
),

technology_aliases as (
    select * from {{ ref('technology_aliases') }}
),

technologies as (
    select * from {{ ref('technologies') }}
),

technology_lookup as (
    {{ alias_lookup('technology_aliases', 'technology_alias', 'technologies', 'technology', 'technology_label') }}
),

-- What staging maps a spelling to: the canonical technology and its category.
technology_vocabulary as (
    select
        technology_lookup.lookup_key,
        technology_lookup.canonical_value || '/' || coalesce(technologies.technology_category, '') as canonical_value
    from technology_lookup
    left join technologies
        on technology_lookup.canonical_value = technologies.technology
),

-- The shared skeleton of the feed staging models: the files to stage, the source read twice on purpose
-- (see macros/landed_files/landed_feed_ctes.sql: DuckDB's plan depends on it), the cleaned domains and their
-- keys (registrable domains), and the distinct spellings to map.
{{ landed_feed_ctes(
    'technographics', 'detections', 'technographics.parquet', 'technology_vocabulary', 'technology'
) }}

technology_map {{ as_materialized() }} (
    select
        distinct_technology_spellings.technology_raw,
        {{ normalize_lookup_key('distinct_technology_spellings.technology_raw') }} as technology_key,
        technology_lookup.canonical_value as technology,
        technologies.technology_category
    from distinct_technology_spellings
    left join technology_lookup
        on {{ normalize_lookup_key('distinct_technology_spellings.technology_raw') }} = technology_lookup.lookup_key
    left join technologies
        on technology_lookup.canonical_value = technologies.technology
),

joined as (
    select
        -- The detection's data row in the file (1 = the first line after the header), kept by the landing.
        cleaned.file_row_number + 1 as detection_id,
        files_to_stage.source_file,
        files_to_stage.staged_version,
        cleaned.domain_host,
        cleaned.domain_key,
        technology_map.technology,
        technology_map.technology_key,
        technology_map.technology_category,
        cleaned.technology as technology_raw,
        cleaned.first_detected_date as first_detected_date_raw,
        cleaned.last_detected_date as last_detected_date_raw,
        -- Dates in any accepted form (macro parse_date); null for a blank or unreadable one, with its status.
        {{ parse_date('cleaned.first_detected_date') }} as first_detected_date,
        {{ parse_date('cleaned.last_detected_date') }} as last_detected_date
    from cleaned
    inner join files_to_stage
        on cleaned.filename = files_to_stage.file_name
    left join technology_map
        on cleaned.technology is not distinct from technology_map.technology_raw
),

final as (
    select
        detection_id,
        source_file,
        staged_version,
        -- This run's start: the rows staged by a run are the ones its tests check (macro get_where_subquery).
        {{ run_started_at_timestamp() }} as staged_at,
        domain_key as domain,
        technology,
        technology_category,
        technology_raw,
        first_detected_date,
        {{ date_status('first_detected_date_raw', 'first_detected_date') }} as first_detected_date_status,
        last_detected_date,
        {{ date_status('last_detected_date_raw', 'last_detected_date') }} as last_detected_date_status,
        case
            when domain_host is null then 'missing_domain'
            when domain_key is null then 'invalid_domain'
            when technology_key is null then 'missing_technology'
            when technology is null then 'unmapped_technology'
        end as detection_exclusion_reason
    from joined
)

select * from final
