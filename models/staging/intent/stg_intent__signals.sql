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

-- Most delivered domains are already clean: one match per event recognises them, and only the others go
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

-- Signal types repeat millions of times: map each distinct spelling once.
distinct_signal_types as materialized (
    select distinct signal_type as signal_type_raw from source
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
        -- The event's data row in the file (1 = the first line after the header), kept by the landing.
        cleaned.file_row_number + 1 as signal_id,
        cleaned.domain_host,
        case when cleaned.is_clean_domain then true else {{ is_valid_domain('cleaned.domain_host') }} end
            as is_valid_domain,
        signal_type_map.signal_type,
        signal_type_map.signal_type_key,
        cleaned.signal_type as signal_type_raw,
        -- try_cast trims the text itself, and gives null for a blank.
        try_cast(cleaned.occurred_at as timestamp) as occurred_at
    from cleaned
    left join signal_type_map
        on cleaned.signal_type is not distinct from signal_type_map.signal_type_raw
),

final as (
    select
        signal_id,
        case when is_valid_domain then domain_host end as domain,
        signal_type,
        signal_type_raw,
        occurred_at,
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
