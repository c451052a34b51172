{#- Headcount parsed from CRM text: 150, 1,200 / 1.200 / 1 200 / 1'200 (thousands separators, see
    normalize_number_text), 51-200 or 51–200 (midpoint, rounded down), 1000+ (lower bound), 10k / 2,5k,
    about 300 / ~300 / approx. 300 / environ 300 / ca. 300. A headcount with decimals (75,0; 12,5; FTE counts) is
    rounded to the nearest whole number, halves away from zero (75, 13), as `1.5k` always was. Anything else
    (text, blank) gives null; a negative number is returned as is so staging can flag it. Expects the text in
    lower case without spaces (remove_spaces). -#}
{% macro parse_employee_count(expression) -%}
    {%- set number = "[0-9][0-9.,'’]*" -%}
    {%- set first_of_range = regexp_group(expression, '^([^-–]+)', 1) -%}
    {%- set last_of_range = regexp_group(expression, '([^-–]+)$', 1) -%}
    {%- set approximated = regexp_group(expression, '(' ~ number ~ ')$', 1) -%}
    case
        when {{ regexp_full_match(expression, '-?' ~ number) }}
            then {{ round_to_bigint(try_cast(normalize_number_text(expression), 'double')) }}
        when {{ regexp_full_match(expression, number ~ '[-–]' ~ number) }}
            then cast(floor((
                {{ round_to_bigint(try_cast(normalize_number_text(first_of_range), 'double')) }}
                + {{ round_to_bigint(try_cast(normalize_number_text(last_of_range), 'double')) }}
            ) / 2) as bigint)
        when {{ regexp_full_match(expression, number ~ '\\+') }}
            then {{ round_to_bigint(try_cast(normalize_number_text("trim(trailing '+' from " ~ expression ~ ")"), 'double')) }}
        when {{ regexp_full_match(expression, number ~ 'k') }}
            then {{ round_to_bigint(
                try_cast(normalize_number_text("trim(trailing 'k' from " ~ expression ~ ")", 'true'), 'double') ~ ' * 1000'
            ) }}
        when {{ regexp_full_match(
            expression, '(about|approx\\.?|approximately|around|circa|ca\\.|environ|env\\.|~)' ~ number
        ) }}
            then {{ round_to_bigint(try_cast(normalize_number_text(approximated), 'double')) }}
    end
{%- endmacro %}
