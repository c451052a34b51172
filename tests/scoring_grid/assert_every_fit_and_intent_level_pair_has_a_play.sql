-- Every pair of a fit level and an intent level of an ICP has a play in icp_plays.csv, and every play names
-- levels that exist: no scored account is left without a recommended play.

with

engagement_levels as (
    select * from {{ ref('icp_engagement_levels') }}
),

plays as (
    select * from {{ ref('icp_plays') }}
),

level_pairs as (
    select
        fit_levels.icp_id,
        fit_levels.engagement_level as fit_level,
        intent_levels.engagement_level as intent_level
    from engagement_levels as fit_levels
    inner join engagement_levels as intent_levels
        on
            fit_levels.icp_id = intent_levels.icp_id
            and fit_levels.dimension = 'fit'
            and intent_levels.dimension = 'intent'
),

final as (
    select
        coalesce(level_pairs.icp_id, plays.icp_id) as icp_id,
        coalesce(level_pairs.fit_level, plays.fit_level) as fit_level,
        coalesce(level_pairs.intent_level, plays.intent_level) as intent_level,
        case
            when plays.icp_id is null
                then 'seeds/scoring_grid/icp_plays.csv has no play for ICP "' || level_pairs.icp_id || '", fit '
                    || level_pairs.fit_level || ', intent ' || level_pairs.intent_level || ': add a row.'
            else 'seeds/scoring_grid/icp_plays.csv, row (' || plays.icp_id || ', ' || plays.fit_level || ', '
                || plays.intent_level || '): these levels are not in icp_engagement_levels.csv. Fix the spelling.'
        end as failure_reason
    from level_pairs
    full outer join plays
        on
            level_pairs.icp_id = plays.icp_id
            and level_pairs.fit_level = plays.fit_level
            and level_pairs.intent_level = plays.intent_level
    where level_pairs.icp_id is null or plays.icp_id is null
)

select * from final
