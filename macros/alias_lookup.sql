{#- The select that maps every accepted spelling of a vocabulary to its canonical value: each alias of the
    alias table, each canonical id and each canonical label, as (lookup_key, canonical_value) pairs with the
    key normalized by normalize_lookup_key. Arguments name relations (or import CTEs) and their columns.
    generated_aliases, when given, names a table of aliases generated from a reference source (same columns as
    the alias table, e.g. country_names): its spellings are added, except those the hand-maintained alias table
    also lists, which keep their meaning there (an analyst's row overrides a generated one). -#}
{% macro alias_lookup(aliases, alias_column, canonicals, canonical_column, label_column, generated_aliases=none) -%}
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
    {%- if generated_aliases %}
    union
    select
        {{ normalize_lookup_key(generated_aliases ~ '.' ~ alias_column) }} as lookup_key,
        {{ generated_aliases }}.{{ canonical_column }} as canonical_value
    from {{ generated_aliases }}
    where not exists (
        select 1 from {{ aliases }} as hand_aliases
        where
            {{ normalize_lookup_key('hand_aliases.' ~ alias_column) }}
            = {{ normalize_lookup_key(generated_aliases ~ '.' ~ alias_column) }}
    )
    {%- endif %}
{%- endmacro %}
