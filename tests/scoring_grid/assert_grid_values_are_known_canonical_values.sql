-- Every matched_value of icp_criterion_value_points.csv is a canonical value of its attribute: an industry of
-- industries.csv, a country code of countries.csv, a country group of country_groups.csv or a technology of
-- technologies.csv; or, for an industry, country or region criterion, `(other)` or `(unmapped)`. A typo would
-- silently never match.

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

industries as (
    select * from {{ ref('industries') }}
),

countries as (
    select * from {{ ref('countries') }}
),

country_groups as (
    select * from {{ ref('country_groups') }}
),

technologies as (
    select * from {{ ref('technologies') }}
),

canonical_values as (
    select
        'industry' as account_attribute,
        industry as canonical_value
    from industries
    union all
    select
        'country' as account_attribute,
        country_code as canonical_value
    from countries
    union all
    select
        'country_group' as account_attribute,
        country_group as canonical_value
    from country_groups
    union all
    select
        'technology' as account_attribute,
        technology as canonical_value
    from technologies
),

final as (
    select
        value_points.icp_id,
        value_points.criterion_id,
        value_points.matched_value,
        'seeds/scoring_grid/icp_criterion_value_points.csv, row (' || value_points.icp_id || ', '
        || value_points.criterion_id || ', ' || value_points.matched_value || '): "' || value_points.matched_value
        || '" is not a canonical ' || criteria.account_attribute || ' (see seeds/reference/'
        || case criteria.account_attribute
            when 'industry' then 'industries.csv'
            when 'country' then 'countries.csv'
            when 'country_group' then 'country_groups.csv'
            else 'technologies.csv'
        end
        || '). Use the canonical id, or add it there.' as failure_reason
    from value_points
    inner join criteria
        on
            value_points.icp_id = criteria.icp_id
            and value_points.criterion_id = criteria.criterion_id
    left join canonical_values
        on
            criteria.account_attribute = canonical_values.account_attribute
            and value_points.matched_value = canonical_values.canonical_value
    where
        criteria.account_attribute in ('industry', 'country', 'country_group', 'technology')
        and canonical_values.canonical_value is null
        -- The rows for the values a value criterion does not list (int_account_criteria__value_points).
        and not (
            criteria.account_attribute in ('industry', 'country', 'country_group')
            and value_points.matched_value in ('(other)', '(unmapped)')
        )
)

select * from final
