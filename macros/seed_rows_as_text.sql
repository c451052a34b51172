{#- Every row of the given seeds as text, for hashing into a grid version: (icp_id,) seed_name, row_text.
    Its text is `column=value` pairs sorted by column name, each value as text in double quotes or `null` (null
    and '' stay apart), so an analyst who moves a seed's columns in Excel keeps the grid version. The columns are
    the seed table's, listed when the model is compiled (in a unit test, those of the seed's table); every
    engine writes a value's text the same way (ISO dates, `true`, shortest decimals), so one grid has one
    version on every engine. key_columns: columns of every seed to keep as they are too (to join the rows on). -#}
{% macro seed_rows_as_text(seed_names, is_keyed_by_icp, key_columns=[]) %}
    {%- for seed_name in seed_names %}
        {%- set columns = [] -%}
        {%- if execute -%}
            {%- for column in adapter.get_columns_in_relation(ref(seed_name)) -%}
                {%- do columns.append(column.name | lower) -%}
            {%- endfor -%}
            {%- if not columns -%}
                {#- In a unit test the seed is a CTE of the given rows (and the graph is empty): the columns of
                    the seed's table, in the seeds' schema (dbt_project.yml: seeds +schema). No table (a
                    project compiled before its first build, as the linter does): no column, empty texts. -#}
                {%- set seed_table = adapter.get_relation(
                    target.database, generate_schema_name('grid', none), seed_name
                ) -%}
                {%- if seed_table is not none -%}
                    {%- for column in adapter.get_columns_in_relation(seed_table) -%}
                        {%- do columns.append(column.name | lower) -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endif -%}
        {%- endif %}
        select
            {%- if is_keyed_by_icp %}
                icp_id,
            {%- endif %}
            {%- for key_column in key_columns %}
                {{ key_column }},
            {%- endfor %}
            '{{ seed_name }}' as seed_name,
            {%- for column in columns | sort %}
            '{{ "|" if not loop.first }}{{ column }}='
            || coalesce(
                '"' || replace(cast({{ column }} as {{ dbt.type_string() }}), '"', {{ text_literal('\\\\"') }}) || '"',
                'null'
            )
            {{- " ||" if not loop.last }}
            {%- else %}
            ''
            {%- endfor %} as row_text
        from {{ ref(seed_name) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{% endmacro %}
