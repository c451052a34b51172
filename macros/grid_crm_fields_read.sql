{#- The select of the CRM fields of icp_crm_fields.csv that the grid reads: those a criterion or a knock-out
    names (the others are declared but never read, nor required of the extract). Columns: those of the seed. -#}
{% macro grid_crm_fields_read() -%}
    select crm_fields.*
    from {{ ref('icp_crm_fields') }} as crm_fields
    where
        crm_fields.account_attribute in (
            select criteria.account_attribute from {{ ref('icp_criteria') }} as criteria
        )
        or crm_fields.account_attribute in (
            select knockouts.account_attribute from {{ ref('icp_knockouts') }} as knockouts
        )
{%- endmacro %}
