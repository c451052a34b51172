{#- The rows of the CRM fields an ICP reads (icp_crm_fields.csv, icp_crm_field_aliases.csv), as text, per ICP:
    part of its grid version (int_grid__versions). A field no criterion or knock-out of the ICP names does not
    change its version. -#}
with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

knockouts as (
    select * from {{ ref('icp_knockouts') }}
),

crm_field_rows as (
    {{- seed_rows_as_text(
        ['icp_crm_fields', 'icp_crm_field_aliases'],
        is_keyed_by_icp=false,
        key_columns=['account_attribute'],
    ) }}
),

icp_attributes as (
    select
        icp_id,
        account_attribute
    from criteria
    union
    select
        icp_id,
        account_attribute
    from knockouts
),

final as (
    select
        icp_attributes.icp_id,
        crm_field_rows.seed_name,
        crm_field_rows.row_text
    from crm_field_rows
    inner join icp_attributes
        on crm_field_rows.account_attribute = icp_attributes.account_attribute
)

select * from final
