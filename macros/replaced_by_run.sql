{#- The incremental configuration of a history mart that adds the rows of each build (scoring_run_grade_mix,
    account_score_movers): a build run again replaces its own rows. DuckDB and PostgreSQL delete and insert on the
    unique key, which starts with scored_at; Spark, whose Parquet tables cannot delete rows, keeps a partition per
    scored_at and overwrites the partitions of the runs it writes (dbt-spark's insert_overwrite, dynamic). -#}
{% macro replaced_by_run(unique_key) -%}
    {%- if target.type == 'spark' -%}
        {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': ['scored_at']}) }}
    {%- else -%}
        {{ return({'incremental_strategy': 'delete+insert', 'unique_key': unique_key}) }}
    {%- endif -%}
{%- endmacro %}

{#- The latest scored_at of a relation's rows as a SQL timestamp literal, read when the model runs (after the
    relation is built); `default` when it has none. A constant where a subquery would be: the engine can then
    skip the older runs of the scores' history in its scan instead of reading every version first. -#}
{% macro latest_scored_at(relation, default="cast('1900-01-01' as timestamp)") -%}
    {#- Not before the relation exists: e.g. sqlfluff compiles the project against an empty database. -#}
    {%- if execute and load_relation(relation) is not none -%}
        {%- set latest = run_query(
            "select cast(max(scored_at) as " ~ dbt.type_string() ~ ") from " ~ relation
        ).columns[0].values()[0] -%}
        {%- if latest is not none -%}
            {{- return("cast('" ~ latest ~ "' as timestamp)") -}}
        {%- endif -%}
    {%- endif -%}
    {{- return(default) -}}
{%- endmacro %}
