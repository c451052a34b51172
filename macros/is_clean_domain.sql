{#- True when raw text is already a clean domain: a valid domain (is_valid_domain: lower case, no scheme, path,
    port or trailing dot) that does not start with www. normalize_domain returns such text unchanged, so
    a model can skip the full cleaning for it: one match per row instead of three regular expressions. -#}
{% macro is_clean_domain(expression) -%}
    ({{ is_valid_domain(expression) }} and not {{ starts_with(expression, "'www'") }})
{%- endmacro %}
