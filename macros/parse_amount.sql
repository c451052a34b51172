{#- A money amount's number from the parts of its text (amount_text_part, amount_unit): the number read with
    local separators (normalize_number_text; a unit after it makes `1.250M` 1.25 million) times its unit (k, M,
    Mio, Mrd, bn, ...). Unsigned; null when the number's separators do not group validly (`1.2.3`). -#}
{% macro parse_amount(number_expression, unit_expression) -%}
    {{ try_cast(normalize_number_text(number_expression, unit_expression ~ " != ''"), 'double') }}
    * {{ amount_unit_multiplier(unit_expression) }}
{%- endmacro %}
