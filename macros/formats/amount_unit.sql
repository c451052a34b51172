{#- The unit that starts the suffix of an amount (amount_text_part), empty text when none: k (thousand), tsd
    (Tausend), m, mm, mn, mln, mio (million), b, bn, md, mds, mld, mrd (billion, milliard), each optionally
    followed by a dot (`mio.`). amount_unit_multiplier gives its value. -#}
{% macro amount_unit(suffix_expression) -%}
    {{ regexp_group(suffix_expression, '^(mrd|mds|mld|mln|mio|tsd|mm|mn|md|bn|k|m|b)\\.?', 0) }}
{%- endmacro %}
