-- Every intent signal decays: half_life_days in icp_intent_signal_points.csv is above 0.

with

intent_signal_points as (
    select * from {{ ref('icp_intent_signal_points') }}
),

final as (
    select
        icp_id,
        criterion_id,
        signal_type,
        half_life_days,
        'seeds/scoring_grid/icp_intent_signal_points.csv, row (' || icp_id || ', ' || criterion_id || ', '
        || signal_type || '): half_life_days = ' || half_life_days
        || ' must be above 0 (days after which a signal is worth half its points).' as failure_reason
    from intent_signal_points
    where half_life_days <= 0
)

select * from final
