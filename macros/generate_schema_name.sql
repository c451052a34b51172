{#- Use the folder's custom schema as is (staging, intermediate, marts, grid) instead of prefixing it
    with the target schema, so BI tools find the marts at a stable name: marts.account_scores. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
