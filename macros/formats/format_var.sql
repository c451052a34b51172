{#- The value of a format setting of dbt_project.yml (date_order, decimal_mark), lower case, checked against
    the values it accepts: anything else fails the build with a sentence naming the var and an example. -#}
{% macro format_var(name, accepted_values) -%}
    {%- set value = var(name) | string | trim | lower -%}
    {%- if value not in accepted_values -%}
        {{ exceptions.raise_compiler_error(
            "var('" ~ name ~ "') must be one of " ~ accepted_values | join(', ') ~ " (got '" ~ value ~ "'). "
            ~ "Example: dbt build --vars '{" ~ name ~ ": " ~ accepted_values[0] ~ "}'"
        ) }}
    {%- endif -%}
    {{- value -}}
{%- endmacro %}
