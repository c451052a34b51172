{#- Fails with every row where one of the columns is empty (null), naming the empty ones in empty_columns: one
    test and one scan for all the columns of a model, seed or source table that must always be filled, where a
    not_null test per column costs a node and a scan each. -#}
{% test columns_are_not_null(model, column_names) %}

select
    *,
    concat_ws(
        ', ',
        {%- for column in column_names %}
        case when {{ column }} is null then '{{ column }}' end{{ "," if not loop.last }}
        {%- endfor %}
    ) as empty_columns
from {{ model }}
where
    {%- for column in column_names %}
    {{ "or " if not loop.first }}{{ column }} is null
    {%- endfor %}

{% endtest %}
