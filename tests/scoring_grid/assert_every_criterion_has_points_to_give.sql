-- Every criterion of icp_criteria.csv has at least one row in the points table of its kind: a criterion nothing
-- can earn is a mistake. (A best row below max_points only warns:
-- warn_when_a_criterion_cannot_be_earned_in_full.)

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

best_points as (
    {{ grid_criterion_best_points() }}
),

final as (
    select
        criteria.icp_id,
        criteria.criterion_id,
        'Criterion "' || criteria.criterion_id || '" of ICP "' || criteria.icp_id
        || '" (seeds/scoring_grid/icp_criteria.csv) has no rows in its points table: add its values, '
        || 'bands or signals, or remove the criterion.' as failure_reason
    from criteria
    left join best_points
        on
            criteria.icp_id = best_points.icp_id
            and criteria.criterion_id = best_points.criterion_id
    where best_points.criterion_id is null
)

select * from final
