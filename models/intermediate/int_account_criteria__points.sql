{#- Every criterion's points, from one model per kind of criterion (value, band, technology, intent, region). A
    view: the union of those tables costs nothing to read, and the readers see the same rows as one table. -#}
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

country_group_points as (
    select * from {{ ref('int_account_criteria__country_group_points') }}
),

-- The criteria of the ICPs written with weights (pillar or criterion weights), with their scale.
criterion_scales as (
    select * from {{ ref('int_icp_criteria__scaled') }}
),

-- One select per kind of criterion, the same columns in the same order.
all_criteria as (
    {%- set kinds = ['value_points', 'band_points', 'technology_points', 'intent_points', 'country_group_points'] %}
    {%- for kind_points in kinds %}
        select
            account_id,
            icp_id,
            criterion_id,
            pillar,
            account_attribute,
            max_points,
            account_value,
            matched_value,
            points_earned,
            has_data
        from {{ kind_points }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- Rounded per criterion to 2 decimals: the score is then exactly the sum of its breakdown. A weighted ICP's
-- points are scaled first (int_icp_criteria__scaled), in integers, rounded half away from zero.
final as (
    select
        all_criteria.account_id,
        all_criteria.icp_id,
        all_criteria.criterion_id,
        all_criteria.pillar,
        all_criteria.account_attribute,
        all_criteria.account_value,
        all_criteria.matched_value,
        case
            when criterion_scales.icp_id is null
                then cast({{ round_decimal('all_criteria.points_earned', 2) }} as decimal(7, 2))
            else {{ scaled_points('all_criteria.points_earned', 'criterion_scales') }}
        end as points_earned,
        case
            when criterion_scales.icp_id is null then cast(all_criteria.max_points as decimal(7, 2))
            else {{ scaled_points('all_criteria.max_points', 'criterion_scales') }}
        end as points_possible,
        all_criteria.has_data
    from all_criteria
    left join criterion_scales
        on
            all_criteria.icp_id = criterion_scales.icp_id
            and all_criteria.criterion_id = criterion_scales.criterion_id
)

select * from final
