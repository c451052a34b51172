{#- Points of the intent criteria: the account's decayed intent points, capped at the criterion's maximum, with a
    summary of the signal types behind them. No intent is data too (0 points). -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

account_intent as (
    select * from {{ ref('int_account_intent__decayed_points') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

-- The summary lists the signal types by points, then name (macro summarize_intent_signals).
intent_per_criterion as (
    {{ summarize_intent_signals('account_intent') }}
),

final as (
    select
        accounts.account_id,
        criteria.icp_id,
        criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        criteria.max_points,
        intent_per_criterion.signal_summary as account_value,
        intent_per_criterion.signal_summary as matched_value,
        -- Recent intent is capped at the criterion's maximum; no intent is data too (0 points).
        cast(least(coalesce(intent_per_criterion.capped_points, 0), criteria.max_points) as decimal(18, 4))
            as points_earned,
        true as has_data
    from criteria
    cross join accounts
    left join intent_per_criterion
        on
            accounts.account_id = intent_per_criterion.account_id
            and criteria.icp_id = intent_per_criterion.icp_id
            and criteria.criterion_id = intent_per_criterion.criterion_id
    where criteria.account_attribute = 'intent_signal'
)

select * from final
