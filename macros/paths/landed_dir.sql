{#- The folder of the landed Parquet files (`icp land` writes them): $ICP_LANDED_DIR, default data/landed, its
    single quotes doubled: every use is inside a single-quoted SQL string (a folder named `Team's data` works).
    The sources' YAML cannot call a macro, so it reads the same variable with the same default and escaping. -#}
{% macro landed_dir() -%}
    {{ env_var('ICP_LANDED_DIR', 'data/landed') | replace("'", "''") }}
{%- endmacro %}
