with

matched_signals as (
    select * from {{ ref('int_intent_signals__matched_to_accounts') }}
    where is_used
),

signal_points as (
    select * from {{ ref('icp_intent_signal_points') }}
),

account_signals as (
    select
        account_id,
        signal_type,
        occurred_at,
        -- Age in whole days: a signal of the scoring date itself is worth its full points.
        {{ dbt.datediff('cast(occurred_at as date)', scoring_date(), 'day') }} as age_days  -- noqa: LT05
    from matched_signals
),

-- Each signal is worth its points halved every half-life (no half-life: its points, it does not decay), and at
-- least its floor; rounded per signal to 4 decimals in fixed point so that sums are exact and every rebuild
-- gives the same score. A signal older than the type's maximum age does not count at all.
decayed as (
    select
        account_signals.account_id,
        signal_points.icp_id,
        signal_points.criterion_id,
        account_signals.signal_type,
        account_signals.occurred_at,
        signal_points.max_points,
        greatest(
            case
                when signal_points.half_life_days is null then cast(signal_points.points as decimal(18, 4))
                else cast(
                        {{ round_decimal(
                            'signal_points.points * pow(0.5, '
                            ~ divide('account_signals.age_days', 'signal_points.half_life_days') ~ ')',
                            4
                        ) }} as decimal(18, 4)
                    )
            end,
            cast(coalesce(signal_points.floor_points, 0) as decimal(18, 4))
        ) as decayed_points
    from account_signals
    inner join signal_points
        on
            account_signals.signal_type = signal_points.signal_type
            and (signal_points.max_age_days is null or account_signals.age_days <= signal_points.max_age_days)
),

final as (
    select
        account_id,
        icp_id,
        criterion_id,
        signal_type,
        count(*) as signal_count,
        max(occurred_at) as last_occurred_at,
        cast(sum(decayed_points) as decimal(18, 4)) as decayed_points,
        cast(least(sum(decayed_points), {{ any_value('max_points') }}) as decimal(18, 4)) as capped_points
    from decayed
    group by account_id, icp_id, criterion_id, signal_type
)

select * from final
