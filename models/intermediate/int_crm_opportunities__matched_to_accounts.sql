with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

matched as (
    select
        opportunities.opportunity_record_id,
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.created_date,
        opportunities.closed_date,
        opportunities.stage,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.amount,
        opportunities.amount_status,
        opportunities.sales_cycle_days,
        case
            when opportunities.opportunity_exclusion_reason is not null
                then opportunities.opportunity_exclusion_reason
            when accounts.account_id is null then 'unknown_account'
        end as opportunity_exclusion_reason
    from opportunities
    left join accounts
        on opportunities.account_id = accounts.account_id
),

final as (
    select
        *,
        opportunity_exclusion_reason is null as is_used
    from matched
)

select * from final
