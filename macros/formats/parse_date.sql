{#- A date read from text, or null when it cannot be read: the fast path reads ISO dates (`2026-06-30`) with
    one strict strptime; the other values go through parse_timestamp_forms (a timestamp gives its UTC date:
    `2026-12-04T23:30-05:00` is 2026-12-05). -#}
{% macro parse_date(expression) -%}
    coalesce(
        {{ try_parse_iso_date(expression) }},
        case when {{ expression }} is not null then cast({{ parse_timestamp_forms(expression) }} as date) end
    )
{%- endmacro %}
