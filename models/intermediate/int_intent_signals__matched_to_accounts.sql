with

signals as (
    select * from {{ ref('stg_intent__signals') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

-- A signal on a domain shared by several accounts counts for each of them.
matched as (
    select
        signals.signal_id,
        accounts.account_id,
        signals.signal_type,
        signals.occurred_at,
        case
            when signals.signal_exclusion_reason is not null then signals.signal_exclusion_reason
            when accounts.account_id is null then 'unknown_account'
            when cast(signals.occurred_at as date) < accounts.created_date then 'before_account_created'
        end as signal_exclusion_reason
    from signals
    left join accounts
        on
            signals.domain = accounts.domain
            and signals.signal_exclusion_reason is null
),

final as (
    select
        signal_id,
        account_id,
        signal_type,
        occurred_at,
        signal_exclusion_reason,
        signal_exclusion_reason is null as is_used
    from matched
)

select * from final
