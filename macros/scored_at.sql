{#- When this dbt invocation started (UTC), as a SQL timestamp literal: the same value in every model of one
    run, so the scores' history, the run log and the movers of a run share one key. -#}
{% macro scored_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
