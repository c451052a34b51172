{#- The folder of the landed Parquet files (`icp land` writes them): $ICP_LANDED_DIR, default data/landed. The
    sources' YAML cannot call a macro, so it reads the same variable with the same default. -#}
{% macro landed_dir() -%}
    {{ env_var('ICP_LANDED_DIR', 'data/landed') }}
{%- endmacro %}
