{#- Text with every kind of space removed: ASCII white space, the no-break space (U+00A0), the narrow no-break
    space (U+202F, French locale formatting), the thin space (U+2009) and the figure space (U+2007). -#}
{% macro remove_spaces(expression) -%}
    {%- set spaces = [] -%}
    {%- for code_point in ['00A0', '202F', '2009', '2007'] -%}
        {%- do spaces.append(regexp_code_point(code_point)) -%}
    {%- endfor -%}
    {{ regexp_replace_all(expression, '[\\s' ~ spaces | join('') ~ ']', '') }}
{%- endmacro %}
