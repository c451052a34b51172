{#- Money text made ready for parse_amount: trimmed, lower case, currency codes (usd, eur, gbp), symbols
    ($, €, £) and spaces removed; null when nothing is left. `$2.5M` -> `2.5m`, `USD 24,500` -> `24,500`. -#}
{% macro clean_amount_text(expression) -%}
    nullif(regexp_replace(lower(trim({{ expression }})), '(usd|eur|gbp|\$|€|£|\s)', '', 'g'), '')
{%- endmacro %}
