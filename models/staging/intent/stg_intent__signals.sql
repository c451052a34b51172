with

source as (
    select * from {{ source('intent', 'signals') }}
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

renamed as (
    select
        -- The event's data row in the file (1 = the first line after the header), kept by the landing.
        file_row_number + 1 as signal_id,
        domain as domain_raw,
        signal_type as signal_type_raw,
        nullif(trim(topic), '') as topic,
        nullif(trim(occurred_at), '') as occurred_at_raw,
        nullif(lower(trim(source)), '') as signal_source
    from source
),

-- Raw domains and signal types repeat millions of times: clean each distinct value once (materialized, so
-- the optimiser cannot push the regular expressions back onto every event).
distinct_domains as materialized (
    select distinct domain_raw from renamed
),

domain_map as materialized (
    {{ select_domain_map('distinct_domains') }}
),

distinct_signal_types as materialized (
    select distinct signal_type_raw from renamed
),

signal_type_map as materialized (
    select
        distinct_signal_types.signal_type_raw,
        {{ normalize_lookup_key('distinct_signal_types.signal_type_raw') }} as signal_type_key,
        signal_type_lookup.canonical_value as signal_type
    from distinct_signal_types
    left join signal_type_lookup
        on {{ normalize_lookup_key('distinct_signal_types.signal_type_raw') }} = signal_type_lookup.lookup_key
),

joined as (
    select
        renamed.signal_id,
        domain_map.domain_host,
        domain_map.is_valid_domain,
        renamed.domain_raw,
        signal_type_map.signal_type,
        signal_type_map.signal_type_key,
        renamed.signal_type_raw,
        renamed.topic,
        try_cast(renamed.occurred_at_raw as timestamp) as occurred_at,
        renamed.occurred_at_raw,
        renamed.signal_source
    from renamed
    left join domain_map
        on renamed.domain_raw is not distinct from domain_map.domain_raw
    left join signal_type_map
        on renamed.signal_type_raw is not distinct from signal_type_map.signal_type_raw
),

final as (
    select
        signal_id,
        case when is_valid_domain then domain_host end as domain,
        domain_raw,
        signal_type,
        signal_type_raw,
        topic,
        occurred_at,
        signal_source,
        case
            when domain_host is null then 'missing_domain'
            when not is_valid_domain then 'invalid_domain'
            when signal_type_key is null then 'missing_signal_type'
            when signal_type is null then 'unmapped_signal_type'
            when occurred_at is null then 'unparseable_timestamp'
            when occurred_at >= {{ scoring_date() }} + interval 1 day then 'future_event'
        end as signal_exclusion_reason
    from joined
)

select * from final
