{#- Every criterion's points, from one model per kind of criterion (value, band, technology, intent). A view: the
    union of those tables costs nothing to read, and the readers see the same rows as one table. -#}
with

value_points as (
    select * from {{ ref('int_account_criteria__value_points') }}
),

band_points as (
    select * from {{ ref('int_account_criteria__band_points') }}
),

technology_points as (
    select * from {{ ref('int_account_criteria__technology_points') }}
),

intent_points as (
    select * from {{ ref('int_account_criteria__intent_points') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

all_criteria as (
    select
        account_id,
        icp_id,
        criterion_id,
        account_value,
        matched_value,
        points_earned,
        has_data
    from value_points
    union all
    select
        account_id,
        icp_id,
        criterion_id,
        account_value,
        matched_value,
        points_earned,
        has_data
    from band_points
    union all
    select
        account_id,
        icp_id,
        criterion_id,
        account_value,
        matched_value,
        points_earned,
        has_data
    from technology_points
    union all
    select
        account_id,
        icp_id,
        criterion_id,
        account_value,
        matched_value,
        points_earned,
        has_data
    from intent_points
),

final as (
    select
        all_criteria.account_id,
        all_criteria.icp_id,
        all_criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        all_criteria.account_value,
        all_criteria.matched_value,
        -- Rounded per criterion to 2 decimals: the score is then exactly the sum of its breakdown.
        cast(round(all_criteria.points_earned, 2) as decimal(7, 2)) as points_earned,
        cast(criteria.max_points as decimal(7, 2)) as points_possible,
        all_criteria.has_data
    from all_criteria
    inner join criteria
        on
            all_criteria.icp_id = criteria.icp_id
            and all_criteria.criterion_id = criteria.criterion_id
)

select * from final
