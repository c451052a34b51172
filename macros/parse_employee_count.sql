{#- Headcount parsed from CRM text: 150, 1,200, 51-200 (midpoint, rounded down), 1000+ (lower bound),
    10k, about 300 / ~300 / approx. 300. Anything else (text, blank) gives null; a negative number is
    returned as is so staging can flag it. -#}
{% macro parse_employee_count(expression) -%}
    case
        when regexp_full_match({{ expression }}, '-?[0-9]+')
            then try_cast({{ expression }} as bigint)
        when regexp_full_match({{ expression }}, '[0-9]+ ?- ?[0-9]+')
            then (
                try_cast(regexp_extract({{ expression }}, '^([0-9]+)', 1) as bigint)
                + try_cast(regexp_extract({{ expression }}, '([0-9]+)$', 1) as bigint)
            ) // 2
        when regexp_full_match({{ expression }}, '[0-9]+ ?\+')
            then try_cast(regexp_extract({{ expression }}, '^([0-9]+)', 1) as bigint)
        when regexp_full_match({{ expression }}, '[0-9]+(\.[0-9]+)? ?k')
            then cast(try_cast(regexp_extract({{ expression }}, '^([0-9.]+)', 1) as double) * 1000 as bigint)
        when regexp_full_match({{ expression }}, '(about|approx\.?|approximately|around|circa|~) ?[0-9]+')
            then try_cast(regexp_extract({{ expression }}, '([0-9]+)$', 1) as bigint)
    end
{%- endmacro %}
