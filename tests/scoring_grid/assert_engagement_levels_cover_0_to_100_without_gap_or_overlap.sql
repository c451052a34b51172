-- Per ICP and dimension (fit, intent), the levels of icp_engagement_levels.csv run from 0 to 100, each starting
-- where the previous one ends, so every score gets exactly one level.

with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

engagement_levels as (
    select * from {{ ref('icp_engagement_levels') }}
),

ordered as (
    select
        icp_id,
        dimension,
        engagement_level,
        min_score,
        max_score,
        lag(max_score) over (partition by icp_id, dimension order by min_score, max_score) as previous_max_score,
        lag(engagement_level) over (partition by icp_id, dimension order by min_score, max_score) as previous_level,
        row_number() over (partition by icp_id, dimension order by min_score, max_score) as band_number,
        count(*) over (partition by icp_id, dimension) as band_count
    from engagement_levels
),

problems as (
    select
        icp_id,
        dimension,
        case
            when min_score >= max_score
                then 'level ' || engagement_level || ' has min_score ' || min_score || ' not below max_score '
                    || max_score
            when band_number = 1 and min_score != 0
                then 'the lowest level (' || engagement_level || ') starts at ' || min_score || ', not 0'
            when band_number > 1 and min_score > previous_max_score
                then 'gap between level ' || previous_level || ' (ends at ' || previous_max_score || ') and level '
                    || engagement_level || ' (starts at ' || min_score || ')'
            when band_number > 1 and min_score < previous_max_score
                then 'level ' || previous_level || ' (ends at ' || previous_max_score || ') overlaps level '
                    || engagement_level || ' (starts at ' || min_score || ')'
            when band_number = band_count and max_score != 100
                then 'the highest level (' || engagement_level || ') ends at ' || max_score || ', not 100'
        end as problem
    from ordered
),

dimensions as (
    select 'fit' as dimension
    union all
    select 'intent' as dimension
),

missing_dimensions as (
    select
        icp_profiles.icp_id,
        dimensions.dimension,
        'the ICP has no ' || dimensions.dimension || ' levels' as problem
    from icp_profiles
    cross join dimensions
    left join engagement_levels
        on
            icp_profiles.icp_id = engagement_levels.icp_id
            and dimensions.dimension = engagement_levels.dimension
    where engagement_levels.icp_id is null
),

final as (
    select
        icp_id,
        dimension,
        'seeds/scoring_grid/icp_engagement_levels.csv, ICP "' || icp_id || '", ' || dimension || ': ' || problem
        || '. Each level must start where the previous one ends, from 0 to 100.' as failure_reason
    from (
        select * from problems
        where problem is not null
        union all
        select * from missing_dimensions
    ) as all_problems
)

select * from final
