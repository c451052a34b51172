{{ config(severity='warn') }}
-- A criterion whose best row gives less than its max_points: no account can earn it in full. A model written
-- elsewhere may mean it (a best region worth 95 of 100), so the build warns and goes on; the unreachable points
-- still count in the fit points possible, so such an ICP's scores never reach 100.

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
        criteria.max_points,
        best_points.best_points,
        'Criterion "' || criteria.criterion_id || '" of ICP "' || criteria.icp_id || '" has max_points '
        || criteria.max_points || ' but its best row gives only ' || best_points.best_points
        || ': no account can earn it in full. If that is not meant, raise a row to max_points or lower '
        || 'max_points (seeds/scoring_grid/icp_criteria.csv).' as failure_reason
    from criteria
    inner join best_points
        on
            criteria.icp_id = best_points.icp_id
            and criteria.criterion_id = best_points.criterion_id
    where best_points.best_points < criteria.max_points
)

select * from final
