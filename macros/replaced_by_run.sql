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
