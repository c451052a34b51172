-- Per ICP and band criterion, the bands of icp_criterion_band_points.csv start at 0 and follow each other
-- without gap or overlap (each lower_bound is the previous upper_bound); only the last band may be open.

with

band_points as (
    select * from {{ ref('icp_criterion_band_points') }}
),

ordered as (
    select
        icp_id,
        criterion_id,
        band_label,
        lower_bound,
        upper_bound,
        lag(upper_bound) over (partition by icp_id, criterion_id order by lower_bound, band_label)
            as previous_upper_bound,
        lag(band_label) over (partition by icp_id, criterion_id order by lower_bound, band_label)
            as previous_band_label,
        row_number() over (partition by icp_id, criterion_id order by lower_bound, band_label) as band_number,
        count(*) over (partition by icp_id, criterion_id) as band_count
    from band_points
),

problems as (
    select
        icp_id,
        criterion_id,
        band_label,
        case
            when upper_bound is not null and lower_bound >= upper_bound
                then 'lower_bound ' || lower_bound || ' is not below upper_bound ' || upper_bound
            when band_number = 1 and lower_bound != 0
                then 'the first band starts at ' || lower_bound || ', not 0: values below it would earn nothing'
            when band_number > 1 and previous_upper_bound is null
                then 'band "' || previous_band_label || '" has no upper_bound but is not the last band'
            when band_number > 1 and lower_bound > previous_upper_bound
                then 'gap between band "' || previous_band_label || '" (up to ' || previous_upper_bound
                    || ') and this band (from ' || lower_bound || ')'
            when band_number > 1 and lower_bound < previous_upper_bound
                then 'overlaps band "' || previous_band_label || '" (up to ' || previous_upper_bound
                    || '); this band starts at ' || lower_bound
        end as problem
    from ordered
),

final as (
    select
        icp_id,
        criterion_id,
        band_label,
        'seeds/scoring_grid/icp_criterion_band_points.csv, row (' || icp_id || ', ' || criterion_id || ', '
        || band_label || '): ' || problem || '. Each band''s lower_bound must equal the previous upper_bound.'
            as failure_reason
    from problems
    where problem is not null
)

select * from final
