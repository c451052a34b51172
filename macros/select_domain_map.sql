{#- One row per distinct raw domain of a relation with a column domain_raw: its normalized host and whether
    that host is a valid domain. Used on distinct values so the regular expressions run once per value. -#}
{% macro select_domain_map(distinct_domains) -%}
    select
        domain_raw,
        domain_host,
        {{ is_valid_domain('domain_host') }} as is_valid_domain
    from (
        select
            domain_raw,
            {{ normalize_domain('domain_raw') }} as domain_host
        from {{ distinct_domains }}
    ) as normalized_domains
{%- endmacro %}
