{#- The folder of the raw CSV extracts: $ICP_RAW_DIR, default data/raw (as the `icp` command reads it), its
    single quotes doubled: every use is inside a single-quoted SQL string. -#}
{% macro raw_dir() -%}
    {{ env_var('ICP_RAW_DIR', 'data/raw') | replace("'", "''") }}
{%- endmacro %}
