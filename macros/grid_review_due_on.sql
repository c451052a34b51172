{#- The date an ICP's next grid review is due: its last review plus its review interval in months (empty: the var
    grid_review_every_months, 6); null when the grid was never reviewed. Used by int_grid__versions and by the
    grid test that warns when a review is overdue (which reads the seed alone). -#}
{% macro grid_review_due_on(last_reviewed_on, review_every_months) -%}
    cast(
        {{ dbt.dateadd(
            'month',
            "coalesce(" ~ review_every_months ~ ", " ~ var('grid_review_every_months') ~ ")",
            last_reviewed_on
        ) }} as date
    )
{%- endmacro %}
