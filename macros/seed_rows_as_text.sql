{#- Every row of the given seeds as text, for hashing into a grid version: (icp_id,) seed_name, row_text.
    The table alias used as a column is the whole row (a struct), cast to text. -#}
{% macro seed_rows_as_text(seed_names, is_keyed_by_icp) %}
    {%- for seed_name in seed_names %}
        select
            {%- if is_keyed_by_icp %}
                icp_id,
            {%- endif %}
            '{{ seed_name }}' as seed_name,
            cast(seed_row as varchar) as row_text
        from {{ ref(seed_name) }} as seed_row
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{% endmacro %}
