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


{#- The file (for seeds: the CSV an analyst edits) or model a test is attached to. -#}
{% macro describe_tested_node(test_node) %}
    {%- set attached = test_node.attached_node or (test_node.depends_on.nodes | first) -%}
    {%- set tested = graph.nodes.get(attached) if attached else none -%}
    {%- if tested is none -%}
        {{ return('the tested table') }}
    {%- elif tested.resource_type == 'seed' -%}
        {{ return(tested.original_file_path) }}
    {%- else -%}
        {{ return('model ' ~ tested.name) }}
    {%- endif -%}
{% endmacro %}


{% macro describe_builtin_failure(node, subject, column_names, row) %}
    {%- set test_name = node.test_metadata.name if node.test_metadata else 'test' -%}
    {%- set kwargs = node.test_metadata.kwargs if node.test_metadata else {} -%}
    {%- set column = kwargs.get('column_name') -%}
    {%- set value = row[column_names[0]] -%}
    {%- if test_name == 'not_null' -%}
        {{ return(subject ~ ': column ' ~ column ~ ' is empty in a row (' ~ describe_row(column_names, row)
            ~ '). Fill it in.') }}
    {%- elif test_name == 'unique' -%}
        {{ return(subject ~ ': "' ~ value ~ '" appears ' ~ row[column_names[1]] ~ ' times in column ' ~ column
            ~ '. Keep one row per value.') }}
    {%- elif test_name == 'accepted_values' -%}
        {{ return(subject ~ ': column ' ~ column ~ ' has "' ~ value ~ '", which is not one of '
            ~ (kwargs.get('values') | join(', ')) ~ '. Use one of those.') }}
    {%- elif test_name == 'relationships' -%}
        {{ return(subject ~ ': column ' ~ column ~ ' has "' ~ value ~ '", which is not a ' ~ kwargs.get('field')
            ~ ' of ' ~ (kwargs.get('to') | replace("ref('", '') | replace("')", '')) ~ '. Fix the spelling or add it there.') }}
    {%- else -%}
        {{ return(subject ~ ': failing row (' ~ describe_row(column_names, row) ~ ').') }}
    {%- endif -%}
{% endmacro %}


{% macro describe_row(column_names, row) %}
    {%- set parts = [] -%}
    {%- for column_name in column_names -%}
        {%- do parts.append(column_name ~ '=' ~ row[column_name]) -%}
    {%- endfor -%}
    {{ return(parts | join(', ')) }}
{% endmacro %}


{#- A seed that fails to load holds either a line the CSV reader cannot split (an unbalanced double quote)
    or a value that does not fit its column type: find those lines. -#}
{% macro explain_failed_seed(node) %}
    {%- set path = node.original_file_path -%}
    {{ log('FAILED to load seed ' ~ path, info=true) }}
    {%- set quote_sql -%}
        with lines as (
            select unnest(string_split(replace(content, chr(13), ''), chr(10))) as line_text
            from read_text('{{ path }}')
        ),

        numbered as (
            select line_text, row_number() over () as line_number from lines
        )

        select line_number, line_text from numbered
        where (length(line_text) - length(replace(line_text, '"', ''))) % 2 = 1
        order by line_number
        limit 10
    {%- endset -%}
    {%- set quote_rows = run_query(quote_sql) -%}
    {%- for row in quote_rows -%}
        {{ log('  - ' ~ path ~ ', line ' ~ row['line_number'] ~ ': unbalanced double quote in ' ~ row['line_text']
            ~ ' . Close the quote, or write "" for a quote inside a quoted value.', info=true) }}
    {%- endfor -%}
    {%- if quote_rows | length == 0 -%}
        {%- do explain_seed_type_errors(node) -%}
    {%- endif -%}
{% endmacro %}


{% macro explain_seed_type_errors(node) %}
    {%- set path = node.original_file_path -%}
    {%- set checks = [] -%}
    {%- for column_name, column_type in (node.config.column_types or {}).items() -%}
        {%- if column_type | lower != 'varchar' -%}
            {%- do checks.append(
                "select " ~ "'" ~ column_name ~ "' as column_name, '" ~ column_type ~ "' as column_type, line_number, "
                ~ '"' ~ column_name ~ '" as raw_value from numbered where "' ~ column_name ~ '" is not null and '
                ~ 'try_cast("' ~ column_name ~ '" as ' ~ column_type ~ ') is null'
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if checks -%}
        {%- set sql -%}
            with numbered as (
                select *, row_number() over () + 1 as line_number
                from read_csv(
                    '{{ path }}', header = true, all_varchar = true, quote = '"', escape = '"', strict_mode = false
                )
            )
            {{ checks | join(' union all ') }}
            order by line_number
            limit 10
        {%- endset -%}
        {%- set rows = run_query(sql) -%}
        {%- for row in rows -%}
            {{ log('  - ' ~ path ~ ', line ' ~ row['line_number'] ~ ', column ' ~ row['column_name'] ~ ': "'
                ~ row['raw_value'] ~ '" is not a ' ~ row['column_type'] ~ '. Write a number (use . for decimals).',
                info=true) }}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
