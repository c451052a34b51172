with

tiered_scores as (
    select * from {{ ref('int_account_scores__tiered') }}
),

engagement_levels as (
    select * from {{ ref('icp_engagement_levels') }}
),

plays as (
    select * from {{ ref('icp_plays') }}
),

-- Levels are [min_score, max_score): the band ending at 100 includes 100.
leveled as (
    select
        tiered_scores.account_id,
        tiered_scores.icp_id,
        fit_levels.engagement_level as fit_level,
        intent_levels.engagement_level as intent_level
    from tiered_scores
    left join engagement_levels as fit_levels
        on
            tiered_scores.icp_id = fit_levels.icp_id
            and fit_levels.dimension = 'fit'
            and tiered_scores.fit_score >= fit_levels.min_score
            and (
                tiered_scores.fit_score < fit_levels.max_score
                or (fit_levels.max_score = 100 and tiered_scores.fit_score = 100)
            )
    left join engagement_levels as intent_levels
        on
            tiered_scores.icp_id = intent_levels.icp_id
            and intent_levels.dimension = 'intent'
            and tiered_scores.intent_score >= intent_levels.min_score
            and (
                tiered_scores.intent_score < intent_levels.max_score
                or (intent_levels.max_score = 100 and tiered_scores.intent_score = 100)
            )
    where tiered_scores.is_scored
),

final as (
    select
        leveled.account_id,
        leveled.icp_id,
        leveled.fit_level,
        leveled.intent_level,
        plays.play_id,
        plays.play_name,
        plays.needs_review
    from leveled
    left join plays
        on
            leveled.icp_id = plays.icp_id
            and leveled.fit_level = plays.fit_level
            and leveled.intent_level = plays.intent_level
)

select * from final
