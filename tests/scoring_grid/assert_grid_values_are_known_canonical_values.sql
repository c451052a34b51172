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

canonical_values as (
    {{ grid_canonical_values() }}
),

vocabularies as (
    select distinct
        account_attribute,
        reference_file
    from canonical_values
),

final as (
    select
        value_points.icp_id,
        value_points.criterion_id,
        value_points.matched_value,
        'seeds/scoring_grid/icp_criterion_value_points.csv, row (' || value_points.icp_id || ', '
        || value_points.criterion_id || ', ' || value_points.matched_value || '): "' || value_points.matched_value
        || '" is not a canonical ' || criteria.account_attribute || ' (see ' || vocabularies.reference_file
        || '). Use the canonical id, or add it there.' as failure_reason
    from value_points
    inner join criteria
        on
            value_points.icp_id = criteria.icp_id
            and value_points.criterion_id = criteria.criterion_id
    left join vocabularies
        on criteria.account_attribute = vocabularies.account_attribute
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
