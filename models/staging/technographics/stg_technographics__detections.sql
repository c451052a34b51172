with

source as (
    select * from {{ source('technographics', 'detections') }}
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

renamed as (
    select
        -- The detection's data row in the file (1 = the first line after the header), kept by the landing.
        file_row_number + 1 as detection_id,
        domain as domain_raw,
        technology as technology_raw,
        nullif(trim(technology_category), '') as vendor_category,
        try_cast(nullif(trim(first_detected_date), '') as date) as first_detected_date,
        try_cast(nullif(trim(last_detected_date), '') as date) as last_detected_date
    from source
),

-- Raw domains and technologies repeat millions of times: clean each distinct value once (materialized, so
-- the optimiser cannot push the regular expressions back onto every row).
distinct_domains as materialized (
    select distinct domain_raw from renamed
),

domain_map as materialized (
    {{ select_domain_map('distinct_domains') }}
),

distinct_technologies as materialized (
    select distinct technology_raw from renamed
),

technology_map as materialized (
    select
        distinct_technologies.technology_raw,
        {{ normalize_lookup_key('distinct_technologies.technology_raw') }} as technology_key,
        technology_lookup.canonical_value as technology,
        technologies.technology_category
    from distinct_technologies
    left join technology_lookup
        on {{ normalize_lookup_key('distinct_technologies.technology_raw') }} = technology_lookup.lookup_key
    left join technologies
        on technology_lookup.canonical_value = technologies.technology
),

final as (
    select
        renamed.detection_id,
        case when domain_map.is_valid_domain then domain_map.domain_host end as domain,
        renamed.domain_raw,
        technology_map.technology,
        technology_map.technology_category,
        renamed.technology_raw,
        renamed.vendor_category,
        renamed.first_detected_date,
        renamed.last_detected_date,
        case
            when domain_map.domain_host is null then 'missing_domain'
            when not domain_map.is_valid_domain then 'invalid_domain'
            when technology_map.technology_key is null then 'missing_technology'
            when technology_map.technology is null then 'unmapped_technology'
        end as detection_exclusion_reason
    from renamed
    left join domain_map
        on renamed.domain_raw is not distinct from domain_map.domain_raw
    left join technology_map
        on renamed.technology_raw is not distinct from technology_map.technology_raw
)

select * from final
