{#- True when a normalized host (see normalize_domain) looks like a registrable domain name:
    dot-separated labels of letters, digits and inner hyphens, ending in an alphabetic or punycode TLD. -#}
{% macro is_valid_domain(expression) -%}
    coalesce(
        {{ regexp_full_match(expression, '([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+([a-z]{2,}|xn--[a-z0-9-]+)') }},
        false
    )
{%- endmacro %}
