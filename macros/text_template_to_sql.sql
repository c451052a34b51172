{#- A message template turned into a SQL text expression: the literal text quoted, each {placeholder} replaced
    by the SQL expression given for it (concatenated as is, so numbers print as DuckDB prints them). -#}
{% macro text_template_to_sql(template, expressions) %}
    {%- set text = namespace(sql="'" ~ (template | replace("'", "''")) ~ "'") -%}
    {%- for placeholder, expression in expressions.items() -%}
        {%- set text.sql = text.sql | replace('{' ~ placeholder ~ '}', "' || " ~ expression ~ " || '") -%}
    {%- endfor -%}
    {{- return(text.sql) -}}
{% endmacro %}
