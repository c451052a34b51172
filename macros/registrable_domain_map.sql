{#- The select giving each host of `hosts` its registrable domain by the Public Suffix List: the public suffix
    the list's rules give the host (`co.uk` for `blog.acme.co.uk`), plus one label (`acme.co.uk`). Columns:
    the host column, host_label_count, public_suffix_label_count and registrable_domain, null when the host is
    itself a public suffix (`co.uk`, `github.io`) or null. Hosts are valid ASCII host names (is_valid_domain, after
    host_to_ascii), each once (the caller maps DISTINCT hosts and joins the result back).

    The rules (seed public_suffixes): of those matching the host, an exception wins (`!www.ck`: the public suffix
    is its parent, `ck`), else the longest normal (`co.uk`) or wildcard (`*.ck`: one label under `ck`) rule; no
    rule gives the TLD. The host's last 1 to 6 labels are matched against the rules by equality, one join each
    (no rule has more labels: the seed's test says so), which costs less than a list of suffixes per host.
    Portable: split_part with a negative index (DuckDB, PostgreSQL 14+, Spark 3.3+), ||, greatest (nulls ignored). -#}
{% macro registrable_domain_map(hosts, host_column, public_suffixes) -%}
    {%- set depths = range(1, 7) -%}
    select
        {{ host_column }},
        host_label_count,
        public_suffix_label_count,
        case
            {%- for depth in depths %}
            when public_suffix_label_count = {{ depth }} and host_label_count > {{ depth }} then suffix_{{ depth + 1 }}
            {%- endfor %}
        end as registrable_domain
    from (
        select
            host_suffixes.{{ host_column }},
            host_suffixes.host_label_count,
            {%- for depth in range(2, 8) %}
            host_suffixes.suffix_{{ depth }},
            {%- endfor %}
            coalesce(
                greatest(
                    {%- for depth in depths %}
                    case when rule_{{ depth }}.public_suffix_rule_kind = 'exception' then {{ depth - 1 }} end
                    {{- ',' if not loop.last }}
                    {%- endfor %}
                ),
                greatest(
                    {%- for depth in depths %}
                    case rule_{{ depth }}.public_suffix_rule_kind
                        when 'normal' then {{ depth }} when 'wildcard' then {{ depth + 1 }}
                    end,
                    {%- endfor %}
                    1
                )
            ) as public_suffix_label_count
        from (
            select
                {{ host_column }},
                length({{ host_column }}) - length(replace({{ host_column }}, '.', '')) + 1 as host_label_count,
                split_part({{ host_column }}, '.', -1) as suffix_1
                {%- for depth in range(2, 8) %},
                case
                    when length({{ host_column }}) - length(replace({{ host_column }}, '.', '')) + 1 >= {{ depth }}
                        then
                            {%- for label in range(depth, 0, -1) %}
                            split_part({{ host_column }}, '.', -{{ label }}){{ " || '.' ||" if not loop.last }}
                            {%- endfor %}
                end as suffix_{{ depth }}
                {%- endfor %}
            from {{ hosts }}
        ) as host_suffixes
        {%- for depth in depths %}
        left join {{ public_suffixes }} as rule_{{ depth }}
            on host_suffixes.suffix_{{ depth }} = rule_{{ depth }}.public_suffix
        {%- endfor %}
    ) as matched_rules
{%- endmacro %}
