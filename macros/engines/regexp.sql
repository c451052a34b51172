{#- Regular expressions on every engine. The pattern is given as text, not as a SQL literal: each engine's
    macro writes it as its own literal (Spark's literals read backslashes as escapes, so they are doubled).
    Patterns are written in the syntax the three engines share (RE2, PostgreSQL's ARE, Java): classes
    [0-9] [a-z] [^...], \s \d \. inside or outside brackets, quantifiers, groups, anchors; no \b, no
    look-around, no (?i). -#}

{#- True when the whole text matches the pattern (DuckDB's regexp_full_match). -#}
{% macro regexp_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match')(expression, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, {{ text_literal(pattern) }})
{%- endmacro %}

{% macro postgres__regexp_full_match(expression, pattern) -%}
    ({{ expression }} ~ {{ text_literal('^(?:' ~ pattern ~ ')$') }})
{%- endmacro %}

{% macro spark__regexp_full_match(expression, pattern) -%}
    ({{ expression }} rlike {{ text_literal('^(?:' ~ pattern ~ ')$') }})
{%- endmacro %}

{#- True when the pattern matches somewhere in the text (DuckDB's regexp_matches). -#}
{% macro regexp_contains(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_contains')(expression, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ text_literal(pattern) }})
{%- endmacro %}

{% macro postgres__regexp_contains(expression, pattern) -%}
    ({{ expression }} ~ {{ text_literal(pattern) }})
{%- endmacro %}

{% macro spark__regexp_contains(expression, pattern) -%}
    ({{ expression }} rlike {{ text_literal(pattern) }})
{%- endmacro %}

{#- The text of a group (0: the whole match) of the pattern's first match; '' when it does not match or the group
    matched nothing, as DuckDB's and Spark's regexp_extract; null when the text is null. -#}
{% macro regexp_group(expression, pattern, group) -%}
    {{ return(adapter.dispatch('regexp_group')(expression, pattern, group)) }}
{%- endmacro %}

{% macro duckdb__regexp_group(expression, pattern, group) -%}
    regexp_extract({{ expression }}, {{ text_literal(pattern) }}, {{ group }})
{%- endmacro %}

{% macro postgres__regexp_group(expression, pattern, group) -%}
    {#- regexp_match gives the groups as an array (the whole match as group 0 when wrapped in one). -#}
    case when {{ expression }} is not null then coalesce(
        (regexp_match({{ expression }}, {{ text_literal('(' ~ pattern ~ ')') }}))[{{ group }} + 1], ''
    ) end
{%- endmacro %}

{% macro spark__regexp_group(expression, pattern, group) -%}
    regexp_extract({{ expression }}, {{ text_literal(pattern) }}, {{ group }})
{%- endmacro %}

{#- A text as the engine's SQL string literal: a quote doubled (standard SQL), or on Spark, which reads 'it''s' as
    two adjacent literals (its) and reads backslash escapes, both escaped with a backslash. Any literal holding a
    quote or a backslash is written through it (a pattern, a message). -#}
{% macro text_literal(pattern) -%}
    {{ return(adapter.dispatch('text_literal')(pattern)) }}
{%- endmacro %}

{% macro default__text_literal(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__text_literal(pattern) -%}
    '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}

{#- Every match of the pattern replaced (DuckDB's and PostgreSQL's regexp_replace with the flag g; Spark's
    regexp_replace always replaces all). The replacement may name groups as \1. -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ text_literal(pattern) }}, {{ text_literal(replacement) }}, 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ text_literal(pattern) }}, {{ text_literal(replacement | replace('\\', '$')) }})
{%- endmacro %}

{#- One character given by its code point (hexadecimal, e.g. 00A0), as a pattern writes it. -#}
{% macro regexp_code_point(hex) -%}
    {{ return(adapter.dispatch('regexp_code_point')(hex)) }}
{%- endmacro %}

{% macro default__regexp_code_point(hex) -%}
    {{ return('\\x{' ~ hex ~ '}') }}
{%- endmacro %}

{% macro postgres__regexp_code_point(hex) -%}
    {{ return('\\u' ~ hex) }}
{%- endmacro %}
