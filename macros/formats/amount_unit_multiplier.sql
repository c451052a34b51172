{#- What a unit of amount_unit multiplies the number by (1 for no unit). -#}
{% macro amount_unit_multiplier(unit_expression) -%}
    case trim(trailing '.' from {{ unit_expression }})
        when 'k' then 1e3
        when 'tsd' then 1e3
        when 'm' then 1e6
        when 'mm' then 1e6
        when 'mn' then 1e6
        when 'mln' then 1e6
        when 'mio' then 1e6
        when 'b' then 1e9
        when 'bn' then 1e9
        when 'md' then 1e9
        when 'mds' then 1e9
        when 'mld' then 1e9
        when 'mrd' then 1e9
        else 1
    end
{%- endmacro %}
