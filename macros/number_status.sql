{#- The status of a number parsed from text: `missing` (no text), `unparseable` (text that is not a number),
    `negative` or `parsed`. The statuses are those of data_quality_statuses.csv. -#}
{% macro number_status(text_expression, parsed_expression) -%}
    case
        when {{ text_expression }} is null then 'missing'
        when {{ parsed_expression }} is null then 'unparseable'
        when {{ parsed_expression }} < 0 then 'negative'
        else 'parsed'
    end
{%- endmacro %}
