-- Every criterion of icp_criteria.csv has at least one row in the points table of its kind, and at least one
-- of them reaches its max_points, so the criterion can be earned in full (intent: the signal caps together).

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

band_points as (
    select * from {{ ref('icp_criterion_band_points') }}
),

intent_signal_points as (
    select * from {{ ref('icp_intent_signal_points') }}
),

best_points as (
    select
        icp_id,
        criterion_id,
        max(points) as best_points
    from value_points
    group by icp_id, criterion_id
    union all
    select
        icp_id,
        criterion_id,
        max(points) as best_points
    from band_points
    group by icp_id, criterion_id
    union all
    select
        icp_id,
        criterion_id,
        sum(max_points) as best_points
    from intent_signal_points
    group by icp_id, criterion_id
),

final as (
    select
        criteria.icp_id,
        criteria.criterion_id,
        criteria.max_points,
        best_points.best_points,
        case
            when best_points.criterion_id is null
                then 'Criterion "' || criteria.criterion_id || '" of ICP "' || criteria.icp_id
                    || '" (seeds/scoring_grid/icp_criteria.csv) has no rows in its points table: add its values, '
                    || 'bands or signals, or remove the criterion.'
            else 'Criterion "' || criteria.criterion_id || '" of ICP "' || criteria.icp_id || '" has max_points '
                || criteria.max_points || ' but its best row gives only ' || best_points.best_points
                || ': no account can earn it in full. Raise a row to max_points or lower max_points.'
        end as failure_reason
    from criteria
    left join best_points
        on
            criteria.icp_id = best_points.icp_id
            and criteria.criterion_id = best_points.criterion_id
    where best_points.criterion_id is null or best_points.best_points < criteria.max_points
)

select * from final
