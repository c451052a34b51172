with

activities as (
    select * from {{ ref('stg_crm__activities') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

matched as (
    select
        activities.activity_id,
        activities.account_id,
        activities.activity_date,
        activities.activity_type,
        case
            when activities.activity_exclusion_reason is not null then activities.activity_exclusion_reason
            when accounts.account_id is null then 'unknown_account'
        end as activity_exclusion_reason
    from activities
    left join accounts
        on activities.account_id = accounts.account_id
),

final as (
    select
        *,
        activity_exclusion_reason is null as is_used
    from matched
)

select * from final
