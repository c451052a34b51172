{#- The key used to match free text against an alias seed: without accents, typographic apostrophes (’ ‘ ʼ, as
    word processors and Excel write them) as the plain one, trimmed, lower case, inner white space collapsed to
    one space. Applied to both sides of the match, so analysts can type aliases in any case, `Etats-Unis` meets
    `États-Unis` and `Côte d’Ivoire` meets `Côte d'Ivoire`. translate() is standard SQL (DuckDB, PostgreSQL,
    Spark). -#}
{% macro normalize_lookup_key(expression) -%}
    {%- set plain_apostrophes = "translate(" ~ expression ~ ", '’‘ʼ', " ~ text_literal("'''") ~ ")" -%}
    nullif(lower(trim({{ regexp_replace_all(without_accents(plain_apostrophes), '\\s+', ' ') }})), '')
{%- endmacro %}
