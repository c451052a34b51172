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

-- Levels are [min_score, max_score): the band ending at 100 includes 100. Unscored accounts get no level, nor
-- does a dimension the ICP has no criteria or no levels in (a fit-only ICP has no intent score): its plays then
-- leave that level empty, and an ICP without plays gives none (assert_every_fit_and_intent_level_pair_has_a_play).
-- A knocked-out account gets no play: it is out of the ranking.
leveled as (
    select
        tiered_scores.account_id,
        tiered_scores.icp_id,
        tiered_scores.is_scored,
        tiered_scores.unscored_reason,
        tiered_scores.unscored_reason_detail,
        tiered_scores.is_excluded,
        tiered_scores.excluded_by,
        tiered_scores.excluded_reason,
        tiered_scores.data_completeness,
        tiered_scores.firmographic_points,
        tiered_scores.technographic_points,
        tiered_scores.intent_points,
        tiered_scores.fit_score,
        tiered_scores.intent_score,
        tiered_scores.icp_score,
        tiered_scores.icp_grade,
        tiered_scores.grade_tier,
        tiered_scores.icp_tier,
        tiered_scores.icp_rank,
        fit_levels.engagement_level as fit_level,
        intent_levels.engagement_level as intent_level
    from tiered_scores
    left join engagement_levels as fit_levels
        on
            tiered_scores.is_scored
            and tiered_scores.icp_id = fit_levels.icp_id
            and fit_levels.dimension = 'fit'
            and tiered_scores.fit_score >= fit_levels.min_score
            and (
                tiered_scores.fit_score < fit_levels.max_score
                or (fit_levels.max_score = 100 and tiered_scores.fit_score = 100)
            )
    left join engagement_levels as intent_levels
        on
            tiered_scores.is_scored
            and tiered_scores.icp_id = intent_levels.icp_id
            and intent_levels.dimension = 'intent'
            and tiered_scores.intent_score >= intent_levels.min_score
            and (
                tiered_scores.intent_score < intent_levels.max_score
                or (intent_levels.max_score = 100 and tiered_scores.intent_score = 100)
            )
),

-- The tiered scores with their play: account_scores reads this model alone, not the tiered scores again.
final as (
    select
        leveled.account_id,
        leveled.icp_id,
        leveled.is_scored,
        leveled.unscored_reason,
        leveled.unscored_reason_detail,
        leveled.is_excluded,
        leveled.excluded_by,
        leveled.excluded_reason,
        leveled.data_completeness,
        leveled.firmographic_points,
        leveled.technographic_points,
        leveled.intent_points,
        leveled.fit_score,
        leveled.intent_score,
        leveled.icp_score,
        leveled.icp_grade,
        leveled.grade_tier,
        leveled.icp_tier,
        leveled.icp_rank,
        leveled.fit_level,
        leveled.intent_level,
        plays.play_id,
        plays.play_name,
        plays.needs_review
    from leveled
    left join plays
        on
            leveled.is_scored
            and not leveled.is_excluded
            and leveled.icp_id = plays.icp_id
            and leveled.fit_level is not distinct from plays.fit_level
            and leveled.intent_level is not distinct from plays.intent_level
)

select * from final
