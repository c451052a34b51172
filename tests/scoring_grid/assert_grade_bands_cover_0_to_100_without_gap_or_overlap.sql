-- Per ICP, the grade bands in icp_grade_bands.csv run from 0 to 100, each starting where the previous one
-- ends: no score falls between two bands or into two bands. Better grades and tiers go with higher scores.

with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

grade_bands as (
    select * from {{ ref('icp_grade_bands') }}
),

ordered as (
    select
        icp_id,
        icp_grade,
        min_score,
        max_score,
        lag(max_score) over (partition by icp_id order by min_score, max_score) as previous_max_score,
        lag(icp_grade) over (partition by icp_id order by min_score, max_score) as previous_grade,
        icp_tier,
        lag(icp_tier) over (partition by icp_id order by min_score, max_score) as previous_tier,
        row_number() over (partition by icp_id order by min_score, max_score) as band_number,
        count(*) over (partition by icp_id) as band_count
    from grade_bands
),

band_problems as (
    select
        icp_id,
        icp_grade,
        case
            when min_score >= max_score
                then 'grade ' || icp_grade || ' has min_score ' || min_score || ' not below max_score ' || max_score
            when band_number = 1 and min_score != 0
                then 'the lowest band (grade ' || icp_grade || ') starts at ' || min_score || ', not 0'
            when band_number > 1 and min_score > previous_max_score
                then 'gap between grade ' || previous_grade || ' (ends at ' || previous_max_score
                    || ') and grade ' || icp_grade || ' (starts at ' || min_score || ')'
            when band_number > 1 and min_score < previous_max_score
                then 'grade ' || previous_grade || ' (ends at ' || previous_max_score || ') overlaps grade '
                    || icp_grade || ' (starts at ' || min_score || ')'
            when band_number = band_count and max_score != 100
                then 'the highest band (grade ' || icp_grade || ') ends at ' || max_score || ', not 100'
            when band_number > 1 and icp_grade >= previous_grade
                then 'grade ' || icp_grade || ' sits above grade ' || previous_grade
                    || ' in score: better grades (A before B) must have higher scores'
            when band_number > 1 and icp_tier > previous_tier
                then 'grade ' || icp_grade || ' has tier ' || icp_tier || ' but the lower grade ' || previous_grade
                    || ' has tier ' || previous_tier || ': a higher score never gets a worse tier'
        end as problem
    from ordered
),

missing_bands as (
    select
        icp_profiles.icp_id,
        null as icp_grade,
        'the ICP has no grade bands' as problem
    from icp_profiles
    left join grade_bands
        on icp_profiles.icp_id = grade_bands.icp_id
    where grade_bands.icp_id is null
),

final as (
    select
        icp_id,
        icp_grade,
        'seeds/scoring_grid/icp_grade_bands.csv, ICP "' || icp_id || '": ' || problem
        || '. Each band must start where the previous one ends, from 0 to 100.' as failure_reason
    from (
        select * from band_problems
        where problem is not null
        union all
        select * from missing_bands
    ) as problems
)

select * from final
