{#- Points of the value criteria (industry, country, a `text` CRM field): the account's value earns the points
    the grid lists for it (a CRM field's value compared ignoring case, accents and spaces).
    Two rows of icp_criterion_value_points stand for values the grid does not list (docs/scoring-grid.md): `(other)`
    is what every other known value earns, `(unmapped)` what a raw value no alias maps earns (the account then
    has data for the criterion); without them such values earn 0. The breakdown shows which row matched. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

crm_field_values as (
    select * from {{ ref('int_account_crm_fields__read') }}
),

crm_fields as (
    select * from {{ ref('icp_crm_fields') }}
),

-- The grid's values with the key an account's value meets: a CRM field's as its values are keyed
-- (normalize_lookup_key), a canonical industry or country code as written.
value_points as (
    select
        points_rows.*,
        case
            when crm_fields.account_attribute is not null
                then {{ normalize_lookup_key('points_rows.matched_value') }}
            else points_rows.matched_value
        end as matched_key
    from {{ ref('icp_criterion_value_points') }} as points_rows
    inner join criteria
        on points_rows.icp_id = criteria.icp_id and points_rows.criterion_id = criteria.criterion_id
    left join crm_fields
        on criteria.account_attribute = crm_fields.account_attribute
),

-- One row per account and attribute a value criterion can match on: the value shown, its key, and whether the
-- raw value was unmapped (a CRM field has no vocabulary: none of its values is).
account_attributes as (
    select
        account_id,
        'industry' as account_attribute,
        industry as attribute_text,
        industry as attribute_key,
        industry_status = 'unmapped' as is_unmapped
    from accounts
    union all
    select
        account_id,
        'country' as account_attribute,
        country_code as attribute_text,
        country_code as attribute_key,
        country_status = 'unmapped' as is_unmapped
    from accounts
    union all
    select
        account_id,
        account_attribute,
        field_value as attribute_text,
        field_key as attribute_key,
        false as is_unmapped
    from crm_field_values
    where read_as = 'text'
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
        coalesce(listed.matched_value, other_values.matched_value, unmapped_values.matched_value) as matched_value,
        cast(coalesce(listed.points, other_values.points, unmapped_values.points, 0) as decimal(7, 2)) as points_earned,
        account_attributes.attribute_text is not null or unmapped_values.matched_value is not null as has_data
    from criteria
    inner join account_attributes
        on criteria.account_attribute = account_attributes.account_attribute
    left join value_points as listed
        on
            criteria.icp_id = listed.icp_id
            and criteria.criterion_id = listed.criterion_id
            and account_attributes.attribute_key = listed.matched_key
    left join value_points as other_values
        on
            criteria.icp_id = other_values.icp_id
            and criteria.criterion_id = other_values.criterion_id
            and other_values.matched_value = '(other)'
            and account_attributes.attribute_text is not null
    left join value_points as unmapped_values
        on
            criteria.icp_id = unmapped_values.icp_id
            and criteria.criterion_id = unmapped_values.criterion_id
            and unmapped_values.matched_value = '(unmapped)'
            and account_attributes.is_unmapped
)

select * from final
