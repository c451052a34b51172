{#- A relation's columns beyond the given ones, one row per record and column: (file_row_number, crm_column,
    crm_value), the value as text (null values too: the caller filters). relation: the CTE to read; landed: the
    relation whose columns are listed (the source); contract_columns: the columns left out.

    DuckDB unpivots every other column (a constant null column gives the unpivot a column to turn when there is
    no other; it yields no row once nulls are filtered). The other engines list the columns when the model is
    compiled (adapter.get_columns_in_relation) and turn them with a lateral VALUES list (PostgreSQL) or stack
    (Spark). -#}
{% macro extra_columns_to_rows(relation, landed, contract_columns) -%}
    {{ return(adapter.dispatch('extra_columns_to_rows')(relation, landed, contract_columns)) }}
{%- endmacro %}

{% macro duckdb__extra_columns_to_rows(relation, landed, contract_columns) -%}
    unpivot (
        select
            file_row_number,
            * exclude ({{ contract_columns | join(', ') }}),
            cast(null as varchar) as no_column_beyond_the_contract
        from {{ relation }}
    )
    on columns(* exclude (file_row_number))
    into name crm_column value crm_value
{%- endmacro %}

{% macro postgres__extra_columns_to_rows(relation, landed, contract_columns) -%}
    {%- set extra_columns = landed_extra_columns(landed, contract_columns) -%}
    select
        {{ relation }}.file_row_number,
        extra.crm_column,
        extra.crm_value
    from {{ relation }}
    cross join lateral (
        values
        {%- for column in extra_columns %}
            ({{ text_literal(column) }}, cast({{ relation }}.{{ adapter.quote(column) }} as text)),
        {%- endfor %}
            (cast(null as text), cast(null as text))
    ) as extra (crm_column, crm_value)
{%- endmacro %}

{% macro spark__extra_columns_to_rows(relation, landed, contract_columns) -%}
    {%- set extra_columns = landed_extra_columns(landed, contract_columns) -%}
    select
        file_row_number,
        stack(
            {{ extra_columns | length + 1 }},
            {%- for column in extra_columns %}
            {{ text_literal(column) }}, cast({{ adapter.quote(column) }} as string),
            {%- endfor %}
            cast(null as string), cast(null as string)
        ) as (crm_column, crm_value)
    from {{ relation }}
{%- endmacro %}

{#- The columns of a landed table beyond the contract's and the loader's (filename, file_row_number), as the
    warehouse lists them when the model is compiled; none while dbt only parses. -#}
{% macro landed_extra_columns(landed, contract_columns) -%}
    {%- set extra_columns = [] -%}
    {%- if execute -%}
        {%- set left_out = contract_columns | map('lower') | list + ['filename', 'file_row_number'] -%}
        {%- for column in adapter.get_columns_in_relation(landed) -%}
            {%- if column.name | lower not in left_out -%}
                {%- do extra_columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(extra_columns) }}
{%- endmacro %}

{#- A landed relation's columns as a subquery of column_name, without the columns DuckDB or the loader add
    (filename, file_row_number). DuckDB describes the Parquet file; the other engines list the table's columns
    when the test is compiled. -#}
{% macro landed_column_names(landed) -%}
    {{ return(adapter.dispatch('landed_column_names')(landed)) }}
{%- endmacro %}

{% macro duckdb__landed_column_names(landed) -%}
    (
        select column_name from (describe select * from {{ landed }})  -- noqa: PRS
        where column_name not in ('filename', 'file_row_number')
    )
{%- endmacro %}

{% macro default__landed_column_names(landed) -%}
    (
        {%- for column in landed_extra_columns(landed, []) %}
        select {{ text_literal(column) }} as column_name
        union all
        {%- endfor %}
        select cast(null as {{ dbt.type_string() }}) as column_name where 1 = 0
    )
{%- endmacro %}
