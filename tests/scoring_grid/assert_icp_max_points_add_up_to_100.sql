-- Per ICP written in points, the max_points of its criteria in icp_criteria.csv add up to exactly 100 (an ICP with
-- pillar or criterion weights is checked by assert_icp_weights_add_up_to_1 instead).

with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

pillar_weights as (
    select * from {{ ref('icp_pillar_weights') }}
),

criterion_weights as (
    select * from {{ ref('icp_criterion_weights') }}
),

totals as (
    select
        icp_profiles.icp_id,
        count(criteria.criterion_id) as criteria_count,
        coalesce(sum(criteria.max_points), 0) as total_max_points
    from icp_profiles
    left join criteria
        on icp_profiles.icp_id = criteria.icp_id
    group by icp_profiles.icp_id
),

final as (
    select
        icp_id,
        criteria_count,
        total_max_points,
        case
            when criteria_count = 0
                then 'seeds/scoring_grid/icp_criteria.csv has no criteria for ICP "' || icp_id
                    || '": add its criteria, or remove the ICP from icp_profiles.csv.'
            else 'seeds/scoring_grid/icp_criteria.csv: the max_points of ICP "' || icp_id || '" add up to '
                || total_max_points || ', not 100. Change max_points so they add up to 100, '
                || 'or weigh the ICP (icp_pillar_weights.csv or icp_criterion_weights.csv).'
        end as failure_reason
    from totals
    where
        (
            total_max_points != 100
            and icp_id not in (select pillar_weights.icp_id from pillar_weights)
            and icp_id not in (select criterion_weights.icp_id from criterion_weights)
        )
        or criteria_count = 0
)

select * from final
