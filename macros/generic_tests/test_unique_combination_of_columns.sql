{#- Fails with one row per duplicated key: the key values, how often they occur, and what to fix. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set key_list = combination_of_columns | join(', ') %}

select
    {{ key_list }},
    count(*) as occurrences,
    '{{ model.identifier }}: the key ({{ key_list }}) = ('
    || concat_ws(', ', {% for column in combination_of_columns %}cast({{ column }} as {{ engine_type('varchar') }}){{ ", " if not loop.last }}{% endfor %})
    || ') appears ' || count(*) || ' times. Keep one row per key.' as failure_reason
from {{ model }}
group by {{ key_list }}
having count(*) > 1

{% endtest %}
