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
