{#- A hash of the canonical mapping of an alias lookup (lookup_key -> canonical_value): what staged rows were
    cleaned with. -#}
{% macro vocabulary_version(lookup_relation) %}
    (select md5(coalesce({{ ordered_string_agg("lookup_key || '=' || canonical_value", '|', 'lookup_key') }}, ''))
     from {{ lookup_relation }})
{% endmacro %}
