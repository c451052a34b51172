{#- Points of the band criteria (employee_count, annual_revenue, a `number` or `years_since` CRM field): the
    band the account's number falls in earns its points. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

band_points as (
    select * from {{ ref('icp_criterion_band_points') }}
),

crm_field_values as (
    select * from {{ ref('int_account_crm_fields__read') }}
),

-- One row per account and attribute a band criterion can match on, as text and as a number.
account_attributes as (
    select
        account_id,
        'employee_count' as account_attribute,
        cast(employee_count as {{ engine_type('varchar') }}) as attribute_text,
        cast(employee_count as {{ engine_type('double') }}) as attribute_number
    from accounts
    union all
    select
        account_id,
        'annual_revenue' as account_attribute,
        cast(annual_revenue as {{ engine_type('varchar') }}) as attribute_text,
        cast(annual_revenue as {{ engine_type('double') }}) as attribute_number
    from accounts
    union all
    select
        account_id,
        account_attribute,
        field_value as attribute_text,
        field_number as attribute_number
    from crm_field_values
    where read_as in ('number', 'years_since')
),

-- Bands are [lower_bound, upper_bound): the lower bound is in the band, the upper bound is not;
-- an empty upper bound means no upper limit.
final as (
    select
        account_attributes.account_id,
        criteria.icp_id,
        criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        criteria.max_points,
        account_attributes.attribute_text as account_value,
        band_points.band_label as matched_value,
        cast(coalesce(band_points.points, 0) as decimal(7, 2)) as points_earned,
        account_attributes.attribute_number is not null as has_data
    from criteria
    inner join account_attributes
        on criteria.account_attribute = account_attributes.account_attribute
    left join band_points
        on
            criteria.icp_id = band_points.icp_id
            and criteria.criterion_id = band_points.criterion_id
            and account_attributes.attribute_number >= band_points.lower_bound
            and (account_attributes.attribute_number < band_points.upper_bound or band_points.upper_bound is null)
)

select * from final
