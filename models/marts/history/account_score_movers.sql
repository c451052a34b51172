{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **replaced_by_run(['scored_at', 'account_id', 'icp_id'])
) }}

{#- The last run this table holds (an incremental build adds the runs after it). -#}
{%- set last_processed_run = latest_run_timestamp(this) if is_incremental() else none %}

with

-- The scores' history, inlined where it is read: each reader's filter on the run then reaches the history's
-- scan, and only the latest runs are read, however long the history.
score_history {{ as_not_materialized() }} (
    select * from {{ ref('account_scores_history') }}
),

-- Versions a run added; an incremental build only looks at the runs after the last one it processed.
new_versions as (
    select * from score_history
    {% if is_incremental() %}
        where dbt_valid_from > {{ last_processed_run }}
    {% endif %}
),

-- The versions those runs replaced (closed at a new version's dbt_valid_from): read apart, so that an
-- incremental build reads only the history's latest runs, whatever its length.
replaced_versions as (
    select * from score_history
    {% if is_incremental() %}
        where dbt_valid_to > {{ last_processed_run }}
    {% endif %}
),

-- A version replaced in a run is closed at that run's scored_at (the new version's dbt_valid_from).
moves as (
    select
        new_versions.dbt_valid_from as scored_at,
        new_versions.scoring_date,
        new_versions.account_id,
        new_versions.icp_id,
        new_versions.account_name,
        new_versions.domain,
        previous_versions.is_scored as was_scored,
        new_versions.is_scored,
        previous_versions.unscored_reason as previous_unscored_reason,
        new_versions.unscored_reason,
        previous_versions.icp_score as previous_icp_score,
        new_versions.icp_score,
        previous_versions.icp_grade as previous_icp_grade,
        new_versions.icp_grade,
        previous_versions.icp_tier as previous_icp_tier,
        new_versions.icp_tier,
        previous_versions.criterion_points as previous_criterion_points,
        new_versions.criterion_points,
        previous_versions.grid_version as previous_grid_version,
        new_versions.grid_version,
        new_versions.play_id,
        new_versions.top_reasons
    from new_versions
    inner join replaced_versions as previous_versions
        on
            new_versions.account_id = previous_versions.account_id
            and new_versions.icp_id = previous_versions.icp_id
            and new_versions.dbt_valid_from = previous_versions.dbt_valid_to
    where
        new_versions.icp_grade is distinct from previous_versions.icp_grade
        or new_versions.icp_tier is distinct from previous_versions.icp_tier
),

-- criterion_points is 'criterion=points|...': both sides of each move, one row per criterion and side.
criterion_points_of_both_sides as (
    select
        scored_at,
        account_id,
        icp_id,
        -1 as side_sign,
        previous_criterion_points as criterion_points
    from moves
    union all
    select
        scored_at,
        account_id,
        icp_id,
        1 as side_sign,
        criterion_points
    from moves
),

-- One row per side and criterion: 'company_size=20.00'.
criterion_entries as (
    {{ split_to_rows(
        'criterion_points_of_both_sides', 'scored_at, account_id, icp_id, side_sign', 'criterion_points', '|', 'entry'
    ) }}
),

criterion_changes as (
    select
        scored_at,
        account_id,
        icp_id,
        {{ dbt.split_part('entry', "'='", 1) }} as criterion_id,
        sum(side_sign * cast({{ dbt.split_part('entry', "'='", 2) }} as decimal(7, 2))) as points_change
    from criterion_entries
    group by scored_at, account_id, icp_id, {{ dbt.split_part('entry', "'='", 1) }}
),

criteria_moved as (
    select
        scored_at,
        account_id,
        icp_id,
        {{ ordered_string_agg(
            "criterion_id || ' ' || case when points_change > 0 then '+' else '' end || "
                ~ format_points('points_change'),
            ', ',
            'abs(points_change) desc, criterion_id asc',
        ) }} as criteria_moved
    from criterion_changes
    where points_change != 0
    group by scored_at, account_id, icp_id
),

final as (
    select
        moves.scored_at,
        moves.scoring_date,
        moves.account_id,
        moves.icp_id,
        moves.account_name,
        moves.domain,
        case
            when moves.was_scored and not moves.is_scored then 'now_unscored'
            when not moves.was_scored and moves.is_scored then 'now_scored'
            when moves.icp_tier < moves.previous_icp_tier then 'up'
            when moves.icp_tier > moves.previous_icp_tier then 'down'
            when moves.icp_score > moves.previous_icp_score then 'up'
            when moves.icp_score < moves.previous_icp_score then 'down'
            else 'regraded'
        end as movement,
        -- Why: the grade is what the points say; with the same grade, a tier change is the tier capacities'
        -- doing (more accounts of better rank took the seats, or seats were freed).
        case
            when moves.was_scored and not moves.is_scored then 'now_unscored'
            when not moves.was_scored and moves.is_scored then 'now_scored'
            when moves.icp_grade = moves.previous_icp_grade and moves.icp_tier > moves.previous_icp_tier
                then 'displaced_by_capacity'
            when moves.icp_grade = moves.previous_icp_grade and moves.icp_tier < moves.previous_icp_tier
                then 'promoted_by_capacity'
            when moves.grid_version != moves.previous_grid_version then 'grid_change'
            else 'points_changed'
        end as move_reason,
        moves.previous_icp_score,
        moves.icp_score,
        cast(moves.icp_score - moves.previous_icp_score as decimal(6, 2)) as score_change,
        moves.previous_icp_grade,
        moves.icp_grade,
        moves.previous_icp_tier,
        moves.icp_tier,
        moves.previous_unscored_reason,
        moves.unscored_reason,
        criteria_moved.criteria_moved,
        moves.previous_grid_version,
        moves.grid_version,
        moves.grid_version != moves.previous_grid_version as is_grid_change,
        moves.play_id,
        moves.top_reasons
    from moves
    left join criteria_moved
        on
            moves.scored_at = criteria_moved.scored_at
            and moves.account_id = criteria_moved.account_id
            and moves.icp_id = criteria_moved.icp_id
)

select * from final
