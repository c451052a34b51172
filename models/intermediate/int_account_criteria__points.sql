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

final as (
    select
        account_id,
        icp_id,
        criterion_id,
        pillar,
        account_attribute,
        account_value,
        matched_value,
        -- Rounded per criterion to 2 decimals: the score is then exactly the sum of its breakdown.
        cast(round(points_earned, 2) as decimal(7, 2)) as points_earned,
        cast(max_points as decimal(7, 2)) as points_possible,
        has_data
    from all_criteria
)

select * from final
