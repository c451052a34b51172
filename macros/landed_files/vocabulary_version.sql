{#- A hash of the canonical mapping of an alias lookup (lookup_key -> canonical_value): what staged rows were
    cleaned with. -#}
{% macro vocabulary_version(lookup_relation) %}
    (select md5(coalesce(string_agg(lookup_key || '=' || canonical_value, '|' order by lookup_key), ''))
     from {{ lookup_relation }})
{% endmacro %}
