{#- The status of a date or timestamp read from text: `missing` (blank), `unparseable_date` (text that is no
    date in the accepted forms, parse_timestamp_forms) or `valid`. The statuses are those of
    data_quality_statuses.csv. -#}
{% macro date_status(text_expression, parsed_expression) -%}
    case
        when nullif(trim({{ text_expression }}), '') is null then 'missing'
        when {{ parsed_expression }} is null then 'unparseable_date'
        else 'valid'
    end
{%- endmacro %}
