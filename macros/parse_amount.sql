{#- A money amount parsed from text, currency ignored: 2500000, 2,500,000, 2500000.00, $2.5M, 2.5m,
    €3,5 M, USD 4000000, 4.000.000, 12k, 1.2B, 1.2bn. Expects the text already lower-cased with currency
    words, symbols and spaces removed (clean_amount_text). Returns null when it is not a number. -#}
{% macro parse_amount(expression) -%}
    {%- set number_part = "regexp_replace(" ~ expression ~ ", '(k|m|mm|mio|b|bn)$', '')" -%}
    {%- set multiplier -%}
        case regexp_extract({{ expression }}, '(k|m|mm|mio|b|bn)$', 1)
            when 'k' then 1e3
            when 'm' then 1e6
            when 'mm' then 1e6
            when 'mio' then 1e6
            when 'b' then 1e9
            when 'bn' then 1e9
            else 1
        end
    {%- endset -%}
    case
        when regexp_full_match({{ number_part }}, '-?[0-9]+(\.[0-9]+)?')
            then try_cast({{ number_part }} as double)
        when regexp_full_match({{ number_part }}, '-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?')
            then try_cast(replace({{ number_part }}, ',', '') as double)
        when regexp_full_match({{ number_part }}, '-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?')
            then try_cast(replace(replace({{ number_part }}, '.', ''), ',', '.') as double)
        when regexp_full_match({{ number_part }}, '-?[0-9]+,[0-9]{1,2}')
            then try_cast(replace({{ number_part }}, ',', '.') as double)
    end * {{ multiplier }}
{%- endmacro %}
