{#- The key used to match free text against an alias seed: without accents, trimmed, lower case, inner white
    space collapsed to one space. Applied to both sides of the match, so analysts can type aliases in any case,
    and `Etats-Unis` meets `États-Unis`. -#}
{% macro normalize_lookup_key(expression) -%}
    nullif(lower(trim(regexp_replace({{ without_accents(expression) }}, '\s+', ' ', 'g'))), '')
{%- endmacro %}
