-- A scored account has a fit level when its ICP scores fit and defines fit levels, an intent level likewise,
-- and a play when its ICP has plays and no knock-out took it out of the ranking (a fit-only or intent-only ICP
-- falls back to the levels it defines).

with

assigned as (
    select * from {{ ref('int_account_plays__assigned') }}
),

criteria as (
    select * from {{ ref('icp_criteria') }}
),

engagement_levels as (
    select * from {{ ref('icp_engagement_levels') }}
),

plays as (
    select * from {{ ref('icp_plays') }}
),

icp_dimensions as (
    select
        icp_id,
        bool_or(pillar != 'intent') as scores_fit,
        bool_or(pillar = 'intent') as scores_intent
    from criteria
    group by icp_id
),

icp_levels as (
    select
        icp_id,
        bool_or(dimension = 'fit') as has_fit_levels,
        bool_or(dimension = 'intent') as has_intent_levels
    from engagement_levels
    group by icp_id
),

icps_with_plays as (
    select distinct icp_id from plays
),

icp_definitions as (
    select
        icp_dimensions.icp_id,
        icp_dimensions.scores_fit and coalesce(icp_levels.has_fit_levels, false) as needs_fit_level,
        icp_dimensions.scores_intent and coalesce(icp_levels.has_intent_levels, false) as needs_intent_level,
        icps_with_plays.icp_id is not null as needs_play
    from icp_dimensions
    left join icp_levels
        on icp_dimensions.icp_id = icp_levels.icp_id
    left join icps_with_plays
        on icp_dimensions.icp_id = icps_with_plays.icp_id
),

final as (
    select
        assigned.account_id,
        assigned.icp_id,
        case
            when icp_definitions.needs_fit_level and assigned.fit_level is null
                then 'no fit level for fit score ' || cast(assigned.fit_score as {{ engine_type('varchar') }})
                    || ' (seeds/scoring_grid/icp_engagement_levels.csv: the fit levels leave a gap)'
            when icp_definitions.needs_intent_level and assigned.intent_level is null
                then 'no intent level for intent score ' || cast(assigned.intent_score as {{ engine_type('varchar') }})
                    || ' (seeds/scoring_grid/icp_engagement_levels.csv: the intent levels leave a gap)'
            else 'no play for fit ' || coalesce(assigned.fit_level, '(empty)') || ', intent '
                || coalesce(assigned.intent_level, '(empty)') || ' (seeds/scoring_grid/icp_plays.csv)'
        end as failure_reason
    from assigned
    inner join icp_definitions
        on assigned.icp_id = icp_definitions.icp_id
    where
        assigned.is_scored
        and (
            (icp_definitions.needs_fit_level and assigned.fit_level is null)
            or (icp_definitions.needs_intent_level and assigned.intent_level is null)
            or (icp_definitions.needs_play and assigned.play_id is null and not assigned.is_excluded)
        )
)

select * from final
