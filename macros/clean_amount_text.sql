{#- Money text made ready for reading (amount_reading_ctes): lower case, every kind of space removed
    (remove_spaces: `1 200 000 €` with no-break spaces), the `,-` / `.–` of whole amounts dropped (`1.200,- €`,
    `CHF 1'200.–`); null when nothing is left. The currency and the unit stay: `$2.5M` -> `$2.5m`,
    `USD 24,500` -> `usd24,500`, `3,5 M€` -> `3,5m€`. -#}
{% macro clean_amount_text(expression) -%}
    nullif({{ regexp_replace_all('lower(' ~ remove_spaces(expression) ~ ')', '([0-9])[.,][-–]', '\\1') }}, '')
{%- endmacro %}
