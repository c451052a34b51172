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
        domain as domain_raw,
        technology as technology_raw,
        nullif(trim(technology_category), '') as vendor_category,
        try_cast(nullif(trim(first_detected_date), '') as date) as first_detected_date,
        try_cast(nullif(trim(last_detected_date), '') as date) as last_detected_date,
        md5(concat_ws('|', domain, technology, technology_category, first_detected_date, last_detected_date))
            as detection_hash
    from source
),

cleaned as (
    select
        renamed.*,
        -- Exact copies of a row are interchangeable: numbering them makes a stable key.
        renamed.detection_hash || '-' || row_number() over (partition by renamed.detection_hash) as detection_id,
        {{ normalize_domain('domain_raw') }} as domain_host,
        {{ normalize_lookup_key('technology_raw') }} as technology_key
    from renamed
),

final as (
    select
        cleaned.detection_id,
        case when {{ is_valid_domain('cleaned.domain_host') }} then cleaned.domain_host end as domain,
        cleaned.domain_raw,
        technology_lookup.canonical_value as technology,
        technologies.technology_category,
        cleaned.technology_raw,
        cleaned.vendor_category,
        cleaned.first_detected_date,
        cleaned.last_detected_date,
        case
            when cleaned.domain_host is null then 'missing_domain'
            when not {{ is_valid_domain('cleaned.domain_host') }} then 'invalid_domain'
            when cleaned.technology_key is null then 'missing_technology'
            when technology_lookup.canonical_value is null then 'unmapped_technology'
        end as detection_exclusion_reason
    from cleaned
    left join technology_lookup
        on cleaned.technology_key = technology_lookup.lookup_key
    left join technologies
        on technology_lookup.canonical_value = technologies.technology
)

select * from final
