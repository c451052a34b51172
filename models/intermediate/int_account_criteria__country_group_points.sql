{#- Points of the region criteria (account_attribute `country_group`): of the country groups the account's country
    is in (seed country_group_members: Germany is in dach, emea, eu), the best one listed under the criterion in
    icp_criterion_value_points earns its points (ties: by name); else a `(other)` row's points for a mapped country,
    or a `(unmapped)` row's for a raw country no alias maps. An account has data for the criterion when its
    country is mapped, whether or not the country is in a group, or when a `(unmapped)` row scores it. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

country_group_members as (
    select * from {{ ref('country_group_members') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

country_group_criteria_accounts as (
    select
        accounts.account_id,
        accounts.country_code,
        accounts.country_status = 'unmapped' as is_country_unmapped,
        criteria.icp_id,
        criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        criteria.max_points
    from criteria
    cross join accounts
    where criteria.account_attribute = 'country_group'
),

-- The best of the account's groups listed under the criterion earns the points.
country_group_matches as (
    select
        accounts.account_id,
        value_points.icp_id,
        value_points.criterion_id,
        value_points.matched_value,
        value_points.points,
        row_number() over (
            partition by accounts.account_id, value_points.icp_id, value_points.criterion_id
            order by value_points.points desc, value_points.matched_value asc
        ) as match_rank
    from accounts
    inner join country_group_members
        on accounts.country_code = country_group_members.country_code
    inner join value_points
        on country_group_members.country_group = value_points.matched_value
    inner join criteria
        on
            value_points.icp_id = criteria.icp_id
            and value_points.criterion_id = criteria.criterion_id
    where criteria.account_attribute = 'country_group'
),

final as (
    select
        country_group_criteria_accounts.account_id,
        country_group_criteria_accounts.icp_id,
        country_group_criteria_accounts.criterion_id,
        country_group_criteria_accounts.pillar,
        country_group_criteria_accounts.account_attribute,
        country_group_criteria_accounts.max_points,
        coalesce(
            country_group_matches.matched_value, other_values.matched_value, unmapped_values.matched_value
        ) as account_value,
        coalesce(
            country_group_matches.matched_value, other_values.matched_value, unmapped_values.matched_value
        ) as matched_value,
        cast(
            coalesce(country_group_matches.points, other_values.points, unmapped_values.points, 0) as decimal(7, 2)
        ) as points_earned,
        country_group_criteria_accounts.country_code is not null or unmapped_values.matched_value is not null
            as has_data
    from country_group_criteria_accounts
    left join country_group_matches
        on
            country_group_criteria_accounts.account_id = country_group_matches.account_id
            and country_group_criteria_accounts.icp_id = country_group_matches.icp_id
            and country_group_criteria_accounts.criterion_id = country_group_matches.criterion_id
            and country_group_matches.match_rank = 1
    -- A mapped country in no listed group earns `(other)`; a raw country no alias maps earns `(unmapped)`.
    left join value_points as other_values
        on
            country_group_criteria_accounts.icp_id = other_values.icp_id
            and country_group_criteria_accounts.criterion_id = other_values.criterion_id
            and other_values.matched_value = '(other)'
            and country_group_criteria_accounts.country_code is not null
    left join value_points as unmapped_values
        on
            country_group_criteria_accounts.icp_id = unmapped_values.icp_id
            and country_group_criteria_accounts.criterion_id = unmapped_values.criterion_id
            and unmapped_values.matched_value = '(unmapped)'
            and country_group_criteria_accounts.is_country_unmapped
)

select * from final
