{#- A website or domain reduced to its bare host name: lower case, no scheme, no leading www., no port,
    path, query or fragment, no trailing dot. Returns null for blank input. Does not judge validity. -#}
{% macro normalize_domain(expression) -%}
    nullif(
        trim(
            trailing '.' from {{ regexp_replace_all(
                "regexp_replace(lower(trim(" ~ expression ~ ")), '^[a-z][a-z0-9+.-]*://', '')",
                '^www[0-9]*\\.|[/?#:].*$',
                ''
            ) }}
        ),
        ''
    )
{%- endmacro %}
