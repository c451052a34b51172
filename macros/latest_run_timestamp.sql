{#- The latest run timestamp in a column of a relation's rows (scored_at, staged_at) as a SQL timestamp literal,
    read when the model or test runs (after the relation is built); `default` when it has none. A constant where a
    subquery would be: the engine can then skip the older runs in its scan (the scores' history, the feeds'
    staged files) instead of reading every row first. -#}
{% macro latest_run_timestamp(relation, column='scored_at', default="cast('1900-01-01' as timestamp)") -%}
    {#- Not before the relation exists: e.g. sqlfluff compiles the project against an empty database. -#}
    {%- if execute and load_relation(relation) is not none -%}
        {%- set latest = run_query(
            "select cast(max(" ~ column ~ ") as " ~ dbt.type_string() ~ ") from " ~ relation
        ).columns[0].values()[0] -%}
        {%- if latest is not none -%}
            {{- return("cast('" ~ latest ~ "' as timestamp)") -}}
        {%- endif -%}
    {%- endif -%}
    {{- return(default) -}}
{%- endmacro %}
