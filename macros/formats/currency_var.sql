{#- A currency setting of dbt_project.yml as a SQL text literal: the ISO 4217 code (three letters, upper
    case) of var('grid_currency'), or of var('default_currency') where an empty default means the grid's
    currency. Anything else fails the build with an example. tests/scoring_grid/ checks the rates seed has it. -#}
{% macro currency_var(name) -%}
    {%- set value = var(name) | string | trim | upper -%}
    {%- if name == 'default_currency' and value in ['', 'NONE'] -%}
        {%- set value = var('grid_currency') | string | trim | upper -%}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[A-Z]{3}', value) -%}
        {{ exceptions.raise_compiler_error(
            "var('" ~ name ~ "') must be an ISO 4217 currency code of three letters (got '" ~ value ~ "'). "
            ~ "Example: dbt build --vars '{" ~ name ~ ": EUR}'"
        ) }}
    {%- endif -%}
    '{{ value }}'
{%- endmacro %}
