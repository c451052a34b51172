{#- The select that maps every accepted spelling of a vocabulary to its canonical value: each alias of the
    alias table, each canonical id and each canonical label, as (lookup_key, canonical_value) pairs with the
    key normalized by normalize_lookup_key. Arguments name relations (or import CTEs) and their columns. -#}
{% macro alias_lookup(aliases, alias_column, canonicals, canonical_column, label_column) -%}
    select
        {{ normalize_lookup_key(alias_column) }} as lookup_key,
        {{ canonical_column }} as canonical_value
    from {{ aliases }}
    union
    select
        {{ normalize_lookup_key(canonical_column) }} as lookup_key,
        {{ canonical_column }} as canonical_value
    from {{ canonicals }}
    union
    select
        {{ normalize_lookup_key(label_column) }} as lookup_key,
        {{ canonical_column }} as canonical_value
    from {{ canonicals }}
{%- endmacro %}
