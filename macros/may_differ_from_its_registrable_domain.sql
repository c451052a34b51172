{#- True when a raw domain's key may differ from its cleaned host: it has two dots or more (a subdomain, a
    multi-label public suffix such as co.uk, or www. before either) or is not plain ASCII (an internationalised
    name). A cheap test per row (no regular expression) that sends the few such values to the map of
    registrable domains; a raw domain with one dot cleans to a host with one dot, its own registrable domain
    (or a bare public suffix such as co.uk, which no account's domain can equal). -#}
{% macro may_differ_from_its_registrable_domain(expression) -%}
    ({{ expression }} like '%.%.%' or {{ byte_length(expression) }} != length({{ expression }}))
{%- endmacro %}
