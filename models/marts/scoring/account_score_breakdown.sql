with

criterion_points as (
    select * from {{ ref('int_account_criteria__points') }}
),

account_scores as (
    select * from {{ ref('account_scores') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

final as (
    select
        criterion_points.account_id,
        criterion_points.icp_id,
        criterion_points.criterion_id,
        criterion_points.pillar,
        criteria.criterion_description,
        criterion_points.account_attribute,
        criterion_points.account_value,
        criterion_points.matched_value,
        criterion_points.has_data,
        account_scores.is_scored,
        -- An unscored account shows what it matched, never points it did not get.
        case
            when account_scores.is_scored then criterion_points.points_earned
        end as points_earned,
        criterion_points.points_possible,
        account_scores.scoring_date,
        account_scores.grid_version
    from criterion_points
    inner join account_scores
        on
            criterion_points.account_id = account_scores.account_id
            and criterion_points.icp_id = account_scores.icp_id
    inner join criteria
        on
            criterion_points.icp_id = criteria.icp_id
            and criterion_points.criterion_id = criteria.criterion_id
)

select * from final
