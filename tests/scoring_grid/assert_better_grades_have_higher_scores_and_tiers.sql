-- Per ICP, ordered by score, the grades of icp_grade_bands.csv get better (A above B) and their tiers never
-- get worse: a higher score never gets a worse grade or tier. (That the bands cover 0 to 100 without gap or
-- overlap is the seed's ranges_leave_no_gap_or_overlap test.)

with

grade_bands as (
    select * from {{ ref('icp_grade_bands') }}
),

ordered as (
    select
        icp_id,
        icp_grade,
        icp_tier,
        lag(icp_grade) over (partition by icp_id order by min_score, max_score) as previous_grade,
        lag(icp_tier) over (partition by icp_id order by min_score, max_score) as previous_tier,
        row_number() over (partition by icp_id order by min_score, max_score) as band_number
    from grade_bands
),

problems as (
    select
        icp_id,
        icp_grade,
        case
            when band_number > 1 and icp_grade >= previous_grade
                then 'grade ' || icp_grade || ' sits above grade ' || previous_grade
                    || ' in score: better grades (A before B) must have higher scores'
            when band_number > 1 and icp_tier > previous_tier
                then 'grade ' || icp_grade || ' has tier ' || icp_tier || ' but the lower grade ' || previous_grade
                    || ' has tier ' || previous_tier || ': a higher score never gets a worse tier'
        end as problem
    from ordered
),

final as (
    select
        icp_id,
        icp_grade,
        'seeds/scoring_grid/icp_grade_bands.csv, ICP "' || icp_id || '": ' || problem
        || '. Each band must start where the previous one ends, from 0 to 100.' as failure_reason
    from problems
    where problem is not null
)

select * from final
