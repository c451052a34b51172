-- The CRM fields a grid declares (icp_crm_fields.csv) can be scored as written: a field is not named like a
-- built-in attribute; aliases (icp_crm_field_aliases.csv) belong to `text` fields; a `text` criterion's values
-- (icp_criterion_value_points.csv) are distinct once case, accents and spaces are ignored, and it has no
-- `(unmapped)` row (a CRM field has no vocabulary: every value is known; `(other)` prices the rest). Reads the
-- seeds only; tests/accounts/assert_crm_fields_read_are_in_the_extract.sql checks the extract has the columns.

with

crm_fields as (
    select * from {{ ref('icp_crm_fields') }}
),

field_aliases as (
    select * from {{ ref('icp_crm_field_aliases') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

-- The value rows of `text` CRM field criteria, with how many rows of the criterion share their key.
crm_value_rows as (
    select
        value_points.icp_id,
        value_points.criterion_id,
        value_points.matched_value,
        crm_fields.account_attribute,
        count(*) over (
            partition by
                value_points.icp_id, value_points.criterion_id,
                {{ normalize_lookup_key('value_points.matched_value') }}
        ) as rows_with_its_key
    from value_points
    inner join criteria
        on value_points.icp_id = criteria.icp_id and value_points.criterion_id = criteria.criterion_id
    inner join crm_fields
        on criteria.account_attribute = crm_fields.account_attribute
    where crm_fields.read_as = 'text'
),

problems as (
    select
        'icp_crm_fields.csv' as grid_file,
        account_attribute as row_id,
        '"' || account_attribute || '" is a built-in attribute: give the CRM field another '
        || 'account_attribute.' as problem
    from crm_fields
    where
        account_attribute in (
            {%- for attribute in grid_built_in_attributes() %}
                '{{ attribute }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
    union all
    select
        'icp_crm_field_aliases.csv' as grid_file,
        field_aliases.account_attribute || ', ' || field_aliases.crm_value as row_id,
        'aliases map the spellings of a text field; "' || field_aliases.account_attribute || '" is read as '
        || crm_fields.read_as || '. Remove the row, or declare the field read_as text.' as problem
    from field_aliases
    inner join crm_fields
        on field_aliases.account_attribute = crm_fields.account_attribute
    where crm_fields.read_as != 'text'
    union all
    select
        'icp_criterion_value_points.csv' as grid_file,
        icp_id || ', ' || criterion_id || ', ' || matched_value as row_id,
        case
            when matched_value = '(unmapped)'
                then 'a CRM field has no vocabulary, so no value of "' || account_attribute || '" is unmapped: '
                    || 'price the values the grid does not list with an (other) row.'
            else 'the criterion lists "' || matched_value || '" more than once (values of a CRM field are '
                || 'compared ignoring case, accents and spaces): keep one row.'
        end as problem
    from crm_value_rows
    where matched_value = '(unmapped)' or rows_with_its_key > 1
),

final as (
    select
        grid_file,
        row_id,
        'seeds/scoring_grid/' || grid_file || ', row (' || row_id || '): ' || problem as failure_reason
    from problems
)

select * from final
