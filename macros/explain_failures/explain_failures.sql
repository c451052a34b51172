{#- Run at the end of every dbt invocation (on-run-end): for each failed data test, print the first failing
    rows' failure_reason (or, for dbt's built-in tests, a sentence naming the file, column and value), and for
    each seed that could not be loaded, the CSV lines whose values do not fit the column's type. dbt itself only
    prints "Got N results"; this says what to fix. -#}
{% macro explain_failures(results) %}
    {%- if execute -%}
        {%- for result in results -%}
            {%- if result.node.resource_type == 'test' and result.status in ['fail', 'warn'] -%}
                {%- do explain_failed_test(result) -%}
            {%- elif result.node.resource_type == 'seed' and result.status == 'error' -%}
                {%- do explain_failed_seed(result.node) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
