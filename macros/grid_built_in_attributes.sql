{#- The account attributes the scoring reads without a declaration, as a list: those a criterion can name
    (`criteria`), those a knock-out can name (`knockouts`), or both (none given). A CRM field
    (icp_crm_fields.csv) may not take one of these names. -#}
{% macro grid_built_in_attributes(named_by=none) -%}
    {%- set by_file = {
        'criteria': [
            'industry', 'country', 'country_group', 'employee_count', 'annual_revenue', 'technology',
            'intent_signal',
        ],
        'knockouts': [
            'domain', 'industry', 'country', 'country_group', 'technology', 'employee_count', 'annual_revenue',
            'won_deal',
        ],
    } -%}
    {%- if named_by is none -%}
        {{ return((by_file['criteria'] + by_file['knockouts']) | unique | list) }}
    {%- endif -%}
    {{ return(by_file[named_by]) }}
{%- endmacro %}
