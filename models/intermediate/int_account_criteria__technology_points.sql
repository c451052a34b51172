{#- Points of the technology criteria: the best of the account's technologies listed under the criterion earns
    the points; an account without any technographic data has no data for them. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

account_technologies as (
    select * from {{ ref('int_account_technologies__matched') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

technology_criteria_accounts as (
    select
        accounts.account_id,
        criteria.icp_id,
        criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        criteria.max_points
    from criteria
    cross join accounts
    where criteria.account_attribute = 'technology'
),

-- The best of the account's technologies listed under the criterion earns the points.
technology_matches as (
    select
        account_technologies.account_id,
        value_points.icp_id,
        value_points.criterion_id,
        value_points.matched_value,
        value_points.points,
        row_number() over (
            partition by account_technologies.account_id, value_points.icp_id, value_points.criterion_id
            order by value_points.points desc, value_points.matched_value asc
        ) as match_rank
    from account_technologies
    inner join value_points
        on account_technologies.technology = value_points.matched_value
    inner join criteria
        on
            value_points.icp_id = criteria.icp_id
            and value_points.criterion_id = criteria.criterion_id
    where criteria.account_attribute = 'technology'
),

accounts_with_technographics as (
    select distinct account_id from account_technologies
),

final as (
    select
        technology_criteria_accounts.account_id,
        technology_criteria_accounts.icp_id,
        technology_criteria_accounts.criterion_id,
        technology_criteria_accounts.pillar,
        technology_criteria_accounts.account_attribute,
        technology_criteria_accounts.max_points,
        technology_matches.matched_value as account_value,
        technology_matches.matched_value,
        cast(coalesce(technology_matches.points, 0) as decimal(7, 2)) as points_earned,
        accounts_with_technographics.account_id is not null as has_data
    from technology_criteria_accounts
    left join technology_matches
        on
            technology_criteria_accounts.account_id = technology_matches.account_id
            and technology_criteria_accounts.icp_id = technology_matches.icp_id
            and technology_criteria_accounts.criterion_id = technology_matches.criterion_id
            and technology_matches.match_rank = 1
    left join accounts_with_technographics
        on technology_criteria_accounts.account_id = accounts_with_technographics.account_id
)

select * from final
