{#- Every row of the given seeds as text, for hashing into a grid version: (icp_id,) seed_name, row_text.
    The table alias used as a column is the whole row (a struct); its text is `column=value` pairs sorted by
    column name, values as JSON (null and '' stay apart), so an analyst who moves a seed's columns in Excel
    keeps the grid version. key_columns: columns of every seed to keep as they are too (to join the rows on). -#}
{% macro seed_rows_as_text(seed_names, is_keyed_by_icp, key_columns=[]) %}
    {%- for seed_name in seed_names %}
        select
            {%- if is_keyed_by_icp %}
                icp_id,
            {%- endif %}
            {%- for key_column in key_columns %}
                {{ key_column }},
            {%- endfor %}
            '{{ seed_name }}' as seed_name,
            array_to_string(
                list_transform(
                    list_sort(json_keys(to_json(seed_row))),
                    lambda column_name: column_name || '=' || cast(to_json(seed_row) -> column_name as varchar)
                ),
                '|'
            ) as row_text
        from {{ ref(seed_name) }} as seed_row
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{% endmacro %}
