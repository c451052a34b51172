{#- Seeds load with DuckDB's COPY, as dbt-duckdb does, but with the CSV dialect stated instead of sniffed:
    a grid value holding a single quote (O'Reilly), or a file mixing Windows and Unix line endings (a row added
    in another editor), otherwise makes the sniffer give up. strict_mode false only relaxes line endings here:
    an unbalanced double quote still fails. Dates are year-month-day only: DuckDB would otherwise guess the
    order of 04/12/2026 from the file. Values are read by the CSV reader, never pasted into SQL; the file's path
    is quoted as a SQL string (a project copy may live under a folder named `the team's sample`). -#}
{% macro duckdb__load_csv_rows(model, agate_table) %}
    {%- if config.get('fast', true) -%}
        {%- set sql -%}
            copy {{ this.render() }} from '{{ adapter.get_seed_file_path(model) | replace("'", "''") }}'
            (
                format csv, header true, delimiter '{{ config.get("delimiter", ",") }}', quote '"', escape '"',
                strict_mode false, dateformat '%Y-%m-%d'
            )
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {{ return(sql) }}
    {%- endif -%}
    {{ return(default__load_csv_rows(model, agate_table)) }}
{% endmacro %}
