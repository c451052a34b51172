-- An ICP with plays has one for every pair of its fit and intent levels, and every play names levels that
-- exist: no scored account of it is left without a recommended play. A dimension the ICP scores no criteria in,
-- or defines no levels for, has no level (a fit-only ICP's plays leave intent_level empty); an ICP with neither
-- levels nor plays gives no play.

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

engagement_levels as (
    select * from {{ ref('icp_engagement_levels') }}
),

plays as (
    select * from {{ ref('icp_plays') }}
),

-- The dimensions each ICP has criteria in.
criteria_dimensions as (
    select distinct
        icp_id,
        case when pillar = 'intent' then 'intent' else 'fit' end as dimension
    from criteria
),

-- The levels an account of the ICP can get per dimension: those defined for a dimension it has criteria in.
dimension_levels as (
    select
        engagement_levels.icp_id,
        engagement_levels.dimension,
        engagement_levels.engagement_level
    from engagement_levels
    inner join criteria_dimensions
        on
            engagement_levels.icp_id = criteria_dimensions.icp_id
            and engagement_levels.dimension = criteria_dimensions.dimension
),

icps_with_plays_or_levels as (
    select icp_id from plays
    union
    select icp_id from dimension_levels
),

-- No level in a dimension: one null level, so the pairs still list the other dimension's levels.
fit_levels as (
    select
        icps.icp_id,
        dimension_levels.engagement_level as fit_level
    from icps_with_plays_or_levels as icps
    left join dimension_levels
        on icps.icp_id = dimension_levels.icp_id and dimension_levels.dimension = 'fit'
),

intent_levels as (
    select
        icps.icp_id,
        dimension_levels.engagement_level as intent_level
    from icps_with_plays_or_levels as icps
    left join dimension_levels
        on icps.icp_id = dimension_levels.icp_id and dimension_levels.dimension = 'intent'
),

level_pairs as (
    select
        fit_levels.icp_id,
        fit_levels.fit_level,
        intent_levels.intent_level
    from fit_levels
    inner join intent_levels
        on fit_levels.icp_id = intent_levels.icp_id
),

final as (
    select
        coalesce(level_pairs.icp_id, plays.icp_id) as icp_id,
        coalesce(level_pairs.fit_level, plays.fit_level) as fit_level,
        coalesce(level_pairs.intent_level, plays.intent_level) as intent_level,
        case
            when plays.icp_id is null
                then 'seeds/scoring_grid/icp_plays.csv has no play for ICP "' || level_pairs.icp_id || '", fit '
                    || coalesce(level_pairs.fit_level, '(empty)') || ', intent '
                    || coalesce(level_pairs.intent_level, '(empty)') || ': add a row.'
            else 'seeds/scoring_grid/icp_plays.csv, row (' || plays.icp_id || ', '
                || coalesce(plays.fit_level, '') || ', ' || coalesce(plays.intent_level, '')
                || '): these levels are not those of the ICP in icp_engagement_levels.csv (a dimension the ICP '
                || 'has no criteria or no levels in is left empty). Fix the spelling.'
        end as failure_reason
    from level_pairs
    full outer join plays
        on
            level_pairs.icp_id = plays.icp_id
            and level_pairs.fit_level is not distinct from plays.fit_level
            and level_pairs.intent_level is not distinct from plays.intent_level
    where level_pairs.icp_id is null or plays.icp_id is null
)

select * from final
