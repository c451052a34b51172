{#- Prints the CSV lines of a seed whose values do not fit its typed (non-varchar) columns. -#}
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
                    '{{ path }}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
                    strict_mode = false
                )
            )
            {{ checks | join(' union all ') }}
            order by line_number
            limit 10
        {%- endset -%}
        {%- set rows = run_query(sql) -%}
        {%- for row in rows -%}
            {%- set written_as = 'a date written 2026-12-04 (year-month-day)' if row['column_type'] | lower == 'date'
                else 'a number (use . for decimals)' -%}
            {{ log('  - ' ~ path ~ ', line ' ~ row['line_number'] ~ ', column ' ~ row['column_name'] ~ ': "'
                ~ row['raw_value'] ~ '" is not a ' ~ row['column_type'] ~ '. Write ' ~ written_as
                ~ ', or run `icp grid-format ' ~ path.rsplit('/', 1)[0] ~ '` for a file saved by Excel.',
                info=true) }}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
