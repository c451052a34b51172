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
        domain as domain_raw,
        signal_type as signal_type_raw,
        nullif(trim(topic), '') as topic,
        nullif(trim(occurred_at), '') as occurred_at_raw,
        nullif(lower(trim(source)), '') as signal_source,
        md5(concat_ws('|', domain, signal_type, topic, occurred_at, source)) as signal_hash
    from source
),

-- Raw domains and signal types repeat millions of times: clean each distinct value once.
distinct_domains as (
    select distinct domain_raw from renamed
),

domain_map as (
    select
        domain_raw,
        {{ normalize_domain('domain_raw') }} as domain_host
    from distinct_domains
),

distinct_signal_types as (
    select distinct signal_type_raw from renamed
),

signal_type_map as (
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
        -- Exact copies of an event are interchangeable: numbering them makes a stable key.
        renamed.signal_hash || '-' || row_number() over (partition by renamed.signal_hash) as signal_id,
        domain_map.domain_host,
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
        case when {{ is_valid_domain('domain_host') }} then domain_host end as domain,
        domain_raw,
        signal_type,
        signal_type_raw,
        topic,
        occurred_at,
        signal_source,
        case
            when domain_host is null then 'missing_domain'
            when not {{ is_valid_domain('domain_host') }} then 'invalid_domain'
            when signal_type_key is null then 'missing_signal_type'
            when signal_type is null then 'unmapped_signal_type'
            when occurred_at is null then 'unparseable_timestamp'
            when occurred_at >= {{ scoring_date() }} + interval 1 day then 'future_event'
        end as signal_exclusion_reason
    from joined
)

select * from final
