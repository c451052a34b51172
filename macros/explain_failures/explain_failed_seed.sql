{#- A seed that fails to load is separated by semicolons (Excel's CSV in French or German), holds a line the
    CSV reader cannot split (an unbalanced double quote) or a value that does not fit its column type: say
    which, with the line. -#}
{% macro explain_failed_seed(node) %}
    {%- set path = node.original_file_path -%}
    {{ log('FAILED to load seed ' ~ path, info=true) }}
    {%- set header_sql -%}
        select
            length(header_line) - length(replace(header_line, ';', '')) as semicolons,
            length(header_line) - length(replace(header_line, ',', '')) as commas
        from (select split_part(content, chr(10), 1) as header_line from read_text('{{ path }}'))
    {%- endset -%}
    {%- set header = run_query(header_sql).rows[0] -%}
    {%- if header['semicolons'] > header['commas'] -%}
        {{ log('  - ' ~ path ~ ', line 1: the values are separated by semicolons (;), as Excel saves CSV in French '
            ~ 'or German; dbt reads seeds separated by commas: run `icp grid-format ' ~ path.rsplit('/', 1)[0]
            ~ '` (it rewrites the CSVs of the folder for dbt, keeping a backup).', info=true) }}
        {{ return('') }}
    {%- endif -%}
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
