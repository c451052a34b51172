{#- The select giving each grid criterion that has rows in the points table of its kind its best points: the
    best value or band, or for intent the signal types' caps together. Columns: icp_id, criterion_id,
    best_points. The grid tests read it: one fails on a criterion without rows, one warns when the best is below
    the criterion's max_points. Reads the seeds only, so the grid's tests run with the seeds alone. -#}
{% macro grid_criterion_best_points() -%}
    select
        icp_id,
        criterion_id,
        max(points) as best_points
    from {{ ref('icp_criterion_value_points') }}
    group by icp_id, criterion_id
    union all
    select
        icp_id,
        criterion_id,
        max(points) as best_points
    from {{ ref('icp_criterion_band_points') }}
    group by icp_id, criterion_id
    union all
    select
        icp_id,
        criterion_id,
        sum(max_points) as best_points
    from {{ ref('icp_intent_signal_points') }}
    group by icp_id, criterion_id
{%- endmacro %}
