{#- Prints the first failing rows of one failed test: their failure_reason, or a sentence for dbt's
    built-in tests. -#}
{% macro explain_failed_test(result) %}
    {%- set node = result.node -%}
    {%- set rows = run_query('select * from (' ~ node.compiled_code ~ ') as failing_rows limit 5') -%}
    {%- set subject = describe_tested_node(node) -%}
    {%- set label = 'WARNING' if result.status == 'warn' else 'FAILED' -%}
    {{ log(label ~ ' ' ~ node.name ~ ' (' ~ result.failures ~ ' failing rows; first ones below)', info=true) }}
    {%- for row in rows -%}
        {%- if 'failure_reason' in rows.column_names -%}
            {{ log('  - ' ~ row['failure_reason'], info=true) }}
        {%- else -%}
            {{ log('  - ' ~ describe_builtin_failure(node, subject, rows.column_names, row), info=true) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
