{#- The select of every canonical value a grid row can name, per account attribute: (account_attribute,
    canonical_value, reference_file) for industries, country codes, country groups and technologies. Read by the
    grid tests that check grid values (points, knock-outs) so a typo never silently fails to match. -#}
{% macro grid_canonical_values() -%}
    {%- set vocabularies = [
        ('industry', 'industry', 'industries'),
        ('country', 'country_code', 'countries'),
        ('country_group', 'country_group', 'country_groups'),
        ('technology', 'technology', 'technologies'),
    ] -%}
    {%- for attribute, column, seed in vocabularies %}
        select
            '{{ attribute }}' as account_attribute,
            {{ column }} as canonical_value,
            'seeds/reference/{{ seed }}.csv' as reference_file
        from {{ ref(seed) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
