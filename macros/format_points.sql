{#- Points as short text for people: 25.00 -> '25', 12.50 -> '12.5', 0.25 -> '0.25'. -#}
{% macro format_points(expression) -%}
    trim(trailing '.' from trim(trailing '0' from cast(cast({{ expression }} as decimal(7, 2)) as {{ engine_type('varchar') }})))
{%- endmacro %}
