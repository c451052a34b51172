{#- Text with its accents and other combining marks removed (É -> E, ü -> u, ç -> c), so that a spelling typed
    without them matches: used by normalize_lookup_key. Letters that do not decompose (ß, ø, æ, ł) stay as they
    are, on every engine and in the Python that generates the name seeds (Unicode decomposition, NFD).
    DuckDB: strip_accents (utf8proc's decomposition, marks stripped). PostgreSQL: normalize to NFD, then remove
    the combining diacritical marks (U+0300-U+036F, the marks of the Latin, Greek and Cyrillic letters); not the
    unaccent extension, which also rewrites ß, æ and œ. -#}
{% macro without_accents(expression) -%}
    {{ return(adapter.dispatch('without_accents')(expression)) }}
{%- endmacro %}

{% macro duckdb__without_accents(expression) -%}
    strip_accents({{ expression }})
{%- endmacro %}

{% macro postgres__without_accents(expression) -%}
    regexp_replace(normalize({{ expression }}, nfd), '[\u0300-\u036f]', '', 'g')
{%- endmacro %}

{% macro default__without_accents(expression) -%}
    {{ exceptions.raise_compiler_error(
        "without_accents has no implementation for " ~ adapter.type() ~ ": see macros/without_accents.sql."
    ) }}
{%- endmacro %}
