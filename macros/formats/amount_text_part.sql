{#- One part of money text as clean_amount_text returns it: `prefix` (what stands before the number: a
    currency, a minus sign: `-€`, `usd`), `number` (the digits and their separators: `1.200.000`, `2,5`,
    `1'200`) or `suffix` (what follows: a unit and a currency, `m€`, `mio.eur`, `k$`, `chf`); empty text when
    absent. Text without a digit is all prefix (`$`, `tbd`); text with more than one number (`12-15k`, `1 2k 3`)
    has no parts (null). -#}
{% macro amount_text_part(expression, part) -%}
    {%- set pattern = "^([^0-9]*)([0-9][0-9.,'’]*)([^0-9]*)$" -%}
    {%- set groups = {'prefix': 1, 'number': 2, 'suffix': 3} -%}
    case
        when {{ regexp_full_match(expression, pattern) }}
            then {{ regexp_group(expression, pattern, groups[part]) }}
        {%- if part == 'prefix' %}
        when not {{ regexp_contains(expression, '[0-9]') }} then {{ expression }}
        {%- elif part == 'suffix' %}
        when not {{ regexp_contains(expression, '[0-9]') }} then ''
        {%- endif %}
    end
{%- endmacro %}
