with

grade_mix as (
    select * from {{ ref('scoring_run_grade_mix') }}
),

runs as (
    select distinct
        scored_at,
        scoring_date,
        icp_id,
        grid_version
    from grade_mix
),

sequenced_runs as (
    select
        scored_at,
        scoring_date,
        icp_id,
        grid_version,
        lag(grid_version) over (partition by icp_id order by scored_at) as previous_grid_version,
        lag(scored_at) over (partition by icp_id order by scored_at) as previous_scored_at
    from runs
),

-- A grid version comes into force in the first run that scored with it (the first grid of an ICP too).
grid_versions_in_force as (
    select * from sequenced_runs
    where previous_grid_version is null or grid_version != previous_grid_version
),

-- The grade mix of the run that brought the grid (after) and of the run just before it (before).
grade_changes as (
    select
        grid_versions_in_force.scored_at,
        grid_versions_in_force.icp_id,
        grade_mix.grade_label,
        cast(
            sum(
                case
                    when grade_mix.scored_at = grid_versions_in_force.previous_scored_at then grade_mix.account_count
                end
            ) as bigint
        ) as accounts_before,
        cast(
            coalesce(
                sum(case when grade_mix.scored_at = grid_versions_in_force.scored_at then grade_mix.account_count end),
                0
            ) as bigint
        ) as accounts_after
    from grid_versions_in_force
    inner join grade_mix
        on
            grid_versions_in_force.icp_id = grade_mix.icp_id
            and grade_mix.scored_at in (grid_versions_in_force.scored_at, grid_versions_in_force.previous_scored_at)
    group by grid_versions_in_force.scored_at, grid_versions_in_force.icp_id, grade_mix.grade_label
),

final as (
    select
        grid_versions_in_force.scored_at,
        grid_versions_in_force.scoring_date,
        grid_versions_in_force.icp_id,
        grid_versions_in_force.previous_grid_version,
        grid_versions_in_force.grid_version,
        grid_versions_in_force.previous_scored_at,
        grid_versions_in_force.previous_grid_version is null as is_first_grid,
        grade_changes.grade_label,
        -- Before = the previous run of this ICP (null for its first grid); zero when the grade had no account.
        case
            when grid_versions_in_force.previous_grid_version is not null
                then coalesce(grade_changes.accounts_before, 0)
        end as accounts_before,
        grade_changes.accounts_after,
        grade_changes.accounts_after - coalesce(grade_changes.accounts_before, 0) as accounts_change
    from grid_versions_in_force
    inner join grade_changes
        on
            grid_versions_in_force.scored_at = grade_changes.scored_at
            and grid_versions_in_force.icp_id = grade_changes.icp_id
)

select * from final
