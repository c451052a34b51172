{#- One sentence for a failing row of columns_are_not_null or of dbt's not_null, unique, accepted_values or
    relationships test. -#}
{% macro describe_builtin_failure(node, subject, column_names, row) %}
    {%- set test_name = node.test_metadata.name if node.test_metadata else 'test' -%}
    {%- set kwargs = node.test_metadata.kwargs if node.test_metadata else {} -%}
    {%- set column = kwargs.get('column_name') -%}
    {%- set value = row[column_names[0]] -%}
    {%- if test_name == 'columns_are_not_null' -%}
        {%- set empty = row['empty_columns'] -%}
        {%- set filled = column_names | reject('equalto', 'empty_columns') | list -%}
        {{ return(subject ~ ': ' ~ ('columns ' if ',' in empty else 'column ') ~ empty ~ ' empty in a row ('
            ~ describe_row(filled, row) ~ '). Fill ' ~ ('them' if ',' in empty else 'it') ~ ' in.') }}
    {%- elif test_name == 'not_null' -%}
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
