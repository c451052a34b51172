-- No value, band or intent signal of the grid earns less than 0 or more than its criterion's max_points,
-- and no signal type is capped above it.

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

grid_points as (
    select
        'icp_criterion_value_points.csv' as seed_file,
        icp_id,
        criterion_id,
        matched_value as grid_value,
        'points' as points_column,
        points
    from value_points
    union all
    select
        'icp_criterion_band_points.csv' as seed_file,
        icp_id,
        criterion_id,
        band_label as grid_value,
        'points' as points_column,
        points
    from band_points
    union all
    select
        'icp_intent_signal_points.csv' as seed_file,
        icp_id,
        criterion_id,
        signal_type as grid_value,
        'points' as points_column,
        points
    from intent_signal_points
    union all
    select
        'icp_intent_signal_points.csv' as seed_file,
        icp_id,
        criterion_id,
        signal_type as grid_value,
        'max_points' as points_column,
        max_points
    from intent_signal_points
),

final as (
    select
        grid_points.seed_file,
        grid_points.icp_id,
        grid_points.criterion_id,
        grid_points.grid_value,
        grid_points.points,
        criteria.max_points as criterion_max_points,
        'seeds/scoring_grid/' || grid_points.seed_file || ', row (' || grid_points.icp_id || ', '
        || grid_points.criterion_id || ', ' || grid_points.grid_value || '): ' || grid_points.points_column
        || ' = ' || grid_points.points || ' is outside 0..' || criteria.max_points
        || ' (the criterion''s max_points in icp_criteria.csv). Lower it, or raise max_points.' as failure_reason
    from grid_points
    inner join criteria
        on
            grid_points.icp_id = criteria.icp_id
            and grid_points.criterion_id = criteria.criterion_id
    where grid_points.points < 0 or grid_points.points > criteria.max_points
)

select * from final
