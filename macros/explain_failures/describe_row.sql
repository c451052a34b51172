{#- A row as column=value pairs. -#}
{% macro describe_row(column_names, row) %}
    {%- set parts = [] -%}
    {%- for column_name in column_names -%}
        {%- do parts.append(column_name ~ '=' ~ row[column_name]) -%}
    {%- endfor -%}
    {{ return(parts | join(', ')) }}
{% endmacro %}
