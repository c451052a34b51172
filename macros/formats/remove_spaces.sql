{#- Text with every kind of space removed: ASCII white space, the no-break space (U+00A0), the narrow no-break
    space (U+202F, French locale formatting), the thin space (U+2009) and the figure space (U+2007). -#}
{% macro remove_spaces(expression) -%}
    regexp_replace({{ expression }}, '[\s\x{00A0}\x{202F}\x{2009}\x{2007}]', '', 'g')
{%- endmacro %}
