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

-- The summary lists the signal types by points, then name: sorted per account from one list (an ordered
-- string_agg over 0.5M groups took 3.9 s of this model's 4.7 s at 1M accounts).
intent_per_criterion as (
    select
        account_intent.account_id,
        account_intent.icp_id,
        account_intent.criterion_id,
        sum(account_intent.capped_points) as capped_points,
        array_to_string(
            list_transform(
                list_sort(
                    list({
                        'negated_points': -account_intent.capped_points,
                        'signal_type': account_intent.signal_type,
                        'label': account_intent.signal_type || ' x' || account_intent.signal_count
                    })
                ),
                lambda signal: signal.label
            ),
            ', '
        ) as signal_summary
    from account_intent
    group by account_intent.account_id, account_intent.icp_id, account_intent.criterion_id
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
        least(coalesce(intent_per_criterion.capped_points, 0), criteria.max_points) as points_earned,
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
