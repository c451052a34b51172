{#- When this dbt invocation started (UTC), as a SQL timestamp literal: the same value in every model of one
    run, so the scores' history, the run log and the movers of a run share one key (scored_at), and the rows a
    feed staging model wrote in this run can be told from older ones (staged_at). -#}
{% macro run_started_at_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
