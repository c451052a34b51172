{#- A number written with local separators, as canonical decimal text (`-?[0-9]+(.[0-9]+)?`), or null when its
    separators do not group validly. Expects the text without spaces (remove_spaces); apostrophes (`1'200'000`,
    Swiss) are thousands separators. The rules, in order:
      - both `.` and `,`: the last one is the decimal mark (`1.234.567,89`, `1,234,567.89`);
      - one of them two or more times, in groups of three digits: thousands (`1.200.000`, `2,500,000`);
      - one of them once, between 1-3 digits (not starting with 0) and exactly three digits (`1.200`, `24,500`):
        ambiguous, read by var('decimal_mark'): `auto` (default) reads it as thousands (1200, 24500) unless a
        unit follows (is_before_unit: `1.250M`, `2,500k` are 1.25 million and 2.5 thousand), `comma` reads the
        comma as the decimal mark (`1,200` = 1.2, `1.200` = 1200), `dot` the dot (`1.200` = 1.2, `1,200` = 1200,
        how parse_amount read them before the local formats);
      - one of them once otherwise: the decimal mark (`75,0`, `12,5`, `2.5`, `1200,500`, `0,500`). -#}
{% macro normalize_number_text(expression, is_before_unit='false') -%}
    {%- set decimal_mark = format_var('decimal_mark', ['auto', 'comma', 'dot']) -%}
    {%- set text = regexp_replace_all(expression, "['’]", '') -%}
    case
        when {{ regexp_full_match(text, '-?[0-9]+') }} then {{ text }}
        when {{ regexp_full_match(text, '-?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+') }}
            then replace(replace({{ text }}, '.', ''), ',', '.')
        when {{ regexp_full_match(text, '-?[0-9]{1,3}(,[0-9]{3})+\\.[0-9]+') }} then replace({{ text }}, ',', '')
        when {{ regexp_full_match(text, '-?[0-9]{1,3}(\\.[0-9]{3}){2,}') }} then replace({{ text }}, '.', '')
        when {{ regexp_full_match(text, '-?[0-9]{1,3}(,[0-9]{3}){2,}') }} then replace({{ text }}, ',', '')
        when {{ regexp_full_match(text, '-?[1-9][0-9]{0,2}[.,][0-9]{3}') }}
            {%- if decimal_mark == 'comma' %}
            then replace(replace({{ text }}, '.', ''), ',', '.')
            {%- elif decimal_mark == 'dot' %}
            then replace({{ text }}, ',', '')
            {%- elif is_before_unit == 'false' %}
            then replace(replace({{ text }}, '.', ''), ',', '')
            {%- else %}
            then case
                when {{ is_before_unit }} then replace({{ text }}, ',', '.')
                else replace(replace({{ text }}, '.', ''), ',', '')
            end
            {%- endif %}
        when {{ regexp_full_match(text, '-?[0-9]+[.,][0-9]+') }} then replace({{ text }}, ',', '.')
    end
{%- endmacro %}
