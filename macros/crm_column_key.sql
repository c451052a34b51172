{#- The key a CRM column's header is compared by, on both sides: the header the extract holds and the
    crm_column a grid's icp_crm_fields.csv names. As normalize_lookup_key, with underscores as spaces: `Legal
    Form`, `legal_form` and ` LEGAL  FORM ` are one column. -#}
{% macro crm_column_key(expression) -%}
    {{ normalize_lookup_key("replace(" ~ expression ~ ", '_', ' ')") }}
{%- endmacro %}
