{#- Fails with every row where the SQL expression is not true (false or null), with the given message. -#}
{% test expression_is_true(model, expression, message=none, column_name=none) %}

select
    *,
    {{ "'" ~ (message or ('Expected: ' ~ expression)) | replace("'", "''") ~ "'" }} as failure_reason
from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
