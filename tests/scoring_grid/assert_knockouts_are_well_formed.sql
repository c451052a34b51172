-- Each knock-out of icp_knockouts.csv can fire as written: its rows agree on attribute, operator and reason;
-- `below` / `above` compare a number (employee_count, annual_revenue) with one number; an `industry`, `country`,
-- `country_group` or `technology` value is a canonical one (a typo would silently never match); `won_deal`
-- takes the value `true`; a CRM field (icp_crm_fields.csv) takes `is` / `is_not` when read as text, `below` /
-- `above` when read as a number or years.

with

knockouts as (
    select * from {{ ref('icp_knockouts') }}
),

canonical_values as (
    {{ grid_canonical_values() }}
),

crm_fields as (
    select * from {{ ref('icp_crm_fields') }}
),

knockout_shapes as (
    select
        icp_id,
        knockout_id,
        count(*) as row_count,
        count(distinct account_attribute) as attribute_count,
        count(distinct operator) as operator_count,
        count(distinct excluded_reason) as reason_count
    from knockouts
    group by icp_id, knockout_id
),

checked as (
    select
        knockouts.icp_id,
        knockouts.knockout_id,
        knockouts.knockout_value,
        case
            when
                knockout_shapes.attribute_count > 1
                or knockout_shapes.operator_count > 1
                or knockout_shapes.reason_count > 1
                then 'the rows of knock-out "' || knockouts.knockout_id || '" differ in account_attribute, operator '
                    || 'or excluded_reason: give them the same, or another knockout_id.'
            when
                knockouts.operator in ('below', 'above')
                and knockouts.account_attribute not in ('employee_count', 'annual_revenue')
                and coalesce(crm_fields.read_as, '') not in ('number', 'years_since')
                then 'operator ' || knockouts.operator || ' compares numbers: use it on employee_count, '
                    || 'annual_revenue or a CRM field read as number or years_since, or use is / is_not.'
            when knockouts.operator in ('is', 'is_not') and crm_fields.read_as in ('number', 'years_since')
                then 'the CRM field ' || knockouts.account_attribute || ' is read as ' || crm_fields.read_as
                    || ': compare it with below / above.'
            when
                knockouts.operator in ('below', 'above')
                and {{ try_cast('knockouts.knockout_value', 'decimal(18, 2)') }} is null
                then '"' || knockouts.knockout_value || '" is not a number (write it with . for decimals).'
            when knockouts.operator in ('below', 'above') and knockout_shapes.row_count > 1
                then 'a ' || knockouts.operator || ' knock-out has one row: keep one, or give the others their own '
                    || 'knockout_id.'
            when knockouts.account_attribute = 'won_deal' and lower(knockouts.knockout_value) != 'true'
                then 'won_deal takes the value true (the account has a won opportunity).'
            when
                knockouts.account_attribute in ('industry', 'country', 'country_group', 'technology')
                and canonical_values.canonical_value is null
                then '"' || knockouts.knockout_value || '" is not a canonical ' || knockouts.account_attribute
                    || ': use the canonical id (seeds/reference/).'
        end as problem
    from knockouts
    inner join knockout_shapes
        on knockouts.icp_id = knockout_shapes.icp_id and knockouts.knockout_id = knockout_shapes.knockout_id
    left join crm_fields
        on knockouts.account_attribute = crm_fields.account_attribute
    left join canonical_values
        on
            knockouts.account_attribute = canonical_values.account_attribute
            and lower(trim(knockouts.knockout_value)) = lower(canonical_values.canonical_value)
),

final as (
    select
        icp_id,
        knockout_id,
        'seeds/scoring_grid/icp_knockouts.csv, row (' || icp_id || ', ' || knockout_id || ', ' || knockout_value
        || '): ' || problem as failure_reason
    from checked
    where problem is not null
)

select * from final
