{#- Points of the value criteria (industry, country): the account's value earns the points the grid lists for it. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

-- One row per account and attribute a value criterion can match on.
account_attributes as (
    select
        account_id,
        'industry' as account_attribute,
        industry as attribute_text
    from accounts
    union all
    select
        account_id,
        'country' as account_attribute,
        country_code as attribute_text
    from accounts
),

final as (
    select
        account_attributes.account_id,
        criteria.icp_id,
        criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        criteria.max_points,
        account_attributes.attribute_text as account_value,
        value_points.matched_value,
        coalesce(value_points.points, 0) as points_earned,
        account_attributes.attribute_text is not null as has_data
    from criteria
    inner join account_attributes
        on criteria.account_attribute = account_attributes.account_attribute
    left join value_points
        on
            criteria.icp_id = value_points.icp_id
            and criteria.criterion_id = value_points.criterion_id
            and account_attributes.attribute_text = value_points.matched_value
    where criteria.account_attribute in ('industry', 'country')
)

select * from final
