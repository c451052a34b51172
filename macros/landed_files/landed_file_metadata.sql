{#- The key-value metadata `icp land` records in the landed Parquet files matching a glob (`crm_accounts.parquet`,
    `intent_signals*.parquet`): a subquery of (file_name, key, value), one row per file and key. DuckDB reads the
    files' own metadata (file_name: the file's path); the other engines read the table the loader filled
    (landed.landed_file_metadata; file_name: the file's name), scripts/icp_scoring/engines/landed_tables.py. -#}
{% macro landed_file_metadata(landed_file_glob) -%}
    {{ return(adapter.dispatch('landed_file_metadata')(landed_file_glob)) }}
{%- endmacro %}

{% macro duckdb__landed_file_metadata(landed_file_glob) -%}
    (
        select
            file_name,
            decode(key) as key,
            decode(value) as value
        from parquet_kv_metadata('{{ landed_dir() }}/{{ landed_file_glob }}')
    )
{%- endmacro %}

{% macro default__landed_file_metadata(landed_file_glob) -%}
    (
        select
            file_name,
            key,
            value
        from landed.landed_file_metadata
        where file_name like '{{ landed_file_glob | replace("_", "\\_") | replace("*", "%") }}'
    )
{%- endmacro %}
