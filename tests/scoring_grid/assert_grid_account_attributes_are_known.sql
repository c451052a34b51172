-- Every account_attribute a criterion (icp_criteria.csv) or a knock-out (icp_knockouts.csv) names is one the
-- scoring reads: a built-in attribute of its kind, or a CRM field declared in icp_crm_fields.csv. A typo would
-- otherwise score nothing, silently.

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

knockouts as (
    select * from {{ ref('icp_knockouts') }}
),

crm_fields as (
    select * from {{ ref('icp_crm_fields') }}
),

named_attributes as (
    select distinct
        'icp_criteria.csv' as grid_file,
        icp_id,
        criterion_id as row_id,
        account_attribute,
        '{{ grid_built_in_attributes('criteria') | join(', ') }}' as built_in
    from criteria
    union all
    select distinct
        'icp_knockouts.csv' as grid_file,
        icp_id,
        knockout_id as row_id,
        account_attribute,
        '{{ grid_built_in_attributes('knockouts') | join(', ') }}' as built_in
    from knockouts
),

declared as (
    select {{ ordered_string_agg('account_attribute', ', ', 'account_attribute') }} as crm_field_list
    from crm_fields
),

final as (
    select
        named_attributes.grid_file,
        named_attributes.icp_id,
        named_attributes.row_id,
        'seeds/scoring_grid/' || named_attributes.grid_file || ', row (' || named_attributes.icp_id || ', '
        || named_attributes.row_id || '): account_attribute "' || named_attributes.account_attribute
        || '" is neither a built-in attribute (' || named_attributes.built_in || ') nor a CRM field of '
        || 'icp_crm_fields.csv (' || coalesce(declared.crm_field_list, 'none declared') || '). Fix the spelling, '
        || 'or declare the CRM column in icp_crm_fields.csv.' as failure_reason
    from named_attributes
    cross join declared
    left join crm_fields
        on named_attributes.account_attribute = crm_fields.account_attribute
    where
        crm_fields.account_attribute is null
        and position(
            ', ' || named_attributes.account_attribute || ', ' in ', ' || named_attributes.built_in || ', '
        ) = 0
)

select * from final
