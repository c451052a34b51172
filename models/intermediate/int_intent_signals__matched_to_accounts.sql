with

signals as (
    select * from {{ ref('stg_intent__signals') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

-- Judged here, not in staging, because it depends on the scoring date (staging is incremental: a row staged
-- once is never staged again).
dated as (
    select
        signal_id,
        domain,
        signal_type,
        occurred_at,
        case
            when signal_exclusion_reason is not null then signal_exclusion_reason
            when occurred_at >= {{ dbt.dateadd('day', 1, scoring_date()) }} then 'future_event'
        end as signal_exclusion_reason
    from signals
),

-- A signal on a domain shared by several accounts counts for each of them.
matched as (
    select
        dated.signal_id,
        accounts.account_id,
        -- A signal on a domain of N accounts is N rows here, each saying N (0: it matched none).
        coalesce(accounts.accounts_on_domain, 0) as matched_account_count,
        dated.signal_type,
        dated.occurred_at,
        case
            when dated.signal_exclusion_reason is not null then dated.signal_exclusion_reason
            when accounts.account_id is null then 'unknown_account'
            when cast(dated.occurred_at as date) < accounts.created_date then 'before_account_created'
        end as signal_exclusion_reason
    from dated
    left join accounts
        on
            dated.domain = accounts.domain
            and dated.signal_exclusion_reason is null
),

final as (
    select
        signal_id,
        account_id,
        matched_account_count,
        signal_type,
        occurred_at,
        signal_exclusion_reason,
        signal_exclusion_reason is null as is_used
    from matched
)

select * from final
