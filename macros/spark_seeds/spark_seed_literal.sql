{#- A seed value as a Spark SQL literal. dbt-spark's session method pastes each value between single quotes
    unescaped (Côte d'Ivoire breaks the statement; Spark reads 'd''Ivoire' as two adjacent literals, dIvoire)
    and an empty cell as the text 'None'. Spark's string literals escape with a backslash. -#}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ value | string | lower }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
