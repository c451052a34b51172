with

source as (
    select * from {{ source('crm', 'activities') }}
),

activity_type_aliases as (
    select * from {{ ref('activity_type_aliases') }}
),

activity_types as (
    select * from {{ ref('activity_types') }}
),

activity_type_lookup as (
    {{ alias_lookup(
        'activity_type_aliases', 'activity_type_alias', 'activity_types', 'activity_type', 'activity_type_label'
    ) }}
),

renamed as (
    select
        nullif(trim(account_id), '') as account_id,
        nullif(trim(activity_date), '') as activity_date_raw,
        activity_type as activity_type_raw,
        -- The activity's data row in the file (1 = the first line after the header), kept by the landing.
        file_row_number + 1 as activity_id
    from source
),

-- Raw activity types repeat millions of times: map each distinct spelling once.
distinct_activity_types as (
    select distinct activity_type_raw from renamed
),

activity_type_map as (
    select
        distinct_activity_types.activity_type_raw,
        {{ normalize_lookup_key('distinct_activity_types.activity_type_raw') }} as activity_type_key,
        activity_type_lookup.canonical_value as activity_type
    from distinct_activity_types
    left join activity_type_lookup
        on {{ normalize_lookup_key('distinct_activity_types.activity_type_raw') }} = activity_type_lookup.lookup_key
),

joined as (
    select
        renamed.activity_id,
        renamed.account_id,
        {{ parse_date('renamed.activity_date_raw') }} as activity_date,
        activity_type_map.activity_type,
        activity_type_map.activity_type_key,
        renamed.activity_type_raw
    from renamed
    left join activity_type_map
        on renamed.activity_type_raw is not distinct from activity_type_map.activity_type_raw
),

final as (
    select
        activity_id,
        account_id,
        activity_date,
        activity_type,
        activity_type_raw,
        case
            when account_id is null then 'missing_account_id'
            when activity_date is null then 'unparseable_date'
            when activity_type_key is null then 'missing_activity_type'
            when activity_type is null then 'unmapped_activity_type'
            when activity_date >= {{ dbt.dateadd('day', 1, scoring_date()) }} then 'future_event'
        end as activity_exclusion_reason
    from joined
)

select * from final
