{#- dbt's filter of a generic test's model by its `where` config, with one placeholder: a `where` of
    `__rows_staged_in_this_run__` tests only the rows a feed staging model (incremental by landed file) wrote
    in this run, so a daily run tests the day's delivery, not the 20M rows staged before (each was tested in
    the run that staged it). In `dbt build`: the rows whose staged_at is this run's start (none when no file
    changed: nothing to test); in `dbt test` alone: the rows of the latest run that staged any. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') or '' -%}
    {%- if '__rows_staged_in_this_run__' in where -%}
        {%- if invocation_args_dict.get('which') == 'build' -%}
            {%- set staged_in_this_run = 'staged_at = ' ~ run_started_at_timestamp() -%}
        {%- else -%}
            {%- set staged_in_this_run = 'staged_at = ' ~ latest_run_timestamp(relation, 'staged_at') -%}
        {%- endif -%}
        {%- set where = where | replace('__rows_staged_in_this_run__', staged_in_this_run) -%}
    {%- endif -%}
    {%- if where -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
