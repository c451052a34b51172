{#- dbt's cross-database cast (dbt.cast), on Spark with the type read through engine_type: dbt's contract check
    casts null to each column's data_type of the marts' YAML, written as DuckDB writes it (varchar, timestamptz),
    which Spark does not know. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ engine_type(type) }})
{%- endmacro %}
