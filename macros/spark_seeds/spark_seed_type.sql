{#- A seed column's type as Spark writes it: the seeds' column_types say varchar (DuckDB, PostgreSQL), which
    Spark refuses without a length (DATATYPE_MISSING_SIZE); its text type is string. Other types (integer,
    double, boolean, date) are Spark's too. -#}
{% macro spark_seed_type(type) -%}
    {%- if type | lower in ('varchar', 'text') -%}string{%- else -%}{{ type }}{%- endif -%}
{%- endmacro %}
