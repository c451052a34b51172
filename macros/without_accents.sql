{#- Text with its accents and other combining marks removed (É -> E, ü -> u, ç -> c), so that a spelling typed
    without them matches: used by normalize_lookup_key. Letters that do not decompose (ß, ø, æ, ł) stay as they
    are, on every engine and in the Python that generates the name seeds (Unicode decomposition, NFD).
    DuckDB: strip_accents. PostgreSQL would need the unaccent extension (unaccent(text)); Spark has no built-in
    (a translate() over the Latin accented letters, or a UDF). -#}
{% macro without_accents(expression) -%}
    {{ return(adapter.dispatch('without_accents')(expression)) }}
{%- endmacro %}

{% macro duckdb__without_accents(expression) -%}
    strip_accents({{ expression }})
{%- endmacro %}

{% macro default__without_accents(expression) -%}
    {{ exceptions.raise_compiler_error(
        "without_accents has no implementation for " ~ adapter.type() ~ ": see macros/without_accents.sql."
    ) }}
{%- endmacro %}
