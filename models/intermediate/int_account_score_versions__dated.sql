{#- The scores' history (snapshot account_scores_history) for the backtest: every version, dated by what its run
    scored as of. A view: the history is not copied. The movers and new top targets read the snapshot's latest
    runs themselves: this view joins the whole history with itself. -#}
with

score_history as (
    select * from {{ ref('account_scores_history') }}
),

-- A version is in force from the scoring date of the run that wrote it until the scoring date of the run that
-- replaced it (history versions are dated by run; the backtest dates them by what the run scored as of).
final as (
    select
        score_history.account_id,
        score_history.icp_id,
        score_history.account_name,
        score_history.domain,
        score_history.website_status,
        score_history.industry,
        score_history.employee_count,
        score_history.annual_revenue,
        score_history.country_code,
        score_history.is_shared_domain,
        score_history.is_scored,
        score_history.unscored_reason,
        score_history.unscored_reason_detail,
        score_history.data_completeness,
        score_history.firmographic_points,
        score_history.technographic_points,
        score_history.intent_points,
        score_history.fit_score,
        score_history.intent_score,
        score_history.icp_score,
        score_history.icp_grade,
        score_history.grade_tier,
        score_history.icp_tier,
        score_history.icp_rank,
        score_history.fit_level,
        score_history.intent_level,
        score_history.play_id,
        score_history.play_name,
        score_history.needs_review,
        score_history.committee_coverage,
        score_history.committee_completeness,
        score_history.empty_required_seats,
        score_history.top_reasons,
        score_history.criterion_points,
        score_history.is_best_icp,
        score_history.scoring_date,
        score_history.grid_version,
        score_history.scored_at,
        score_history.dbt_scd_id,
        score_history.dbt_updated_at,
        score_history.dbt_valid_from,
        score_history.dbt_valid_to,
        score_history.scoring_date as in_force_from,
        next_versions.scoring_date as in_force_until
    from score_history
    left join score_history as next_versions
        on
            score_history.account_id = next_versions.account_id
            and score_history.icp_id = next_versions.icp_id
            and score_history.dbt_valid_to = next_versions.dbt_valid_from
)

select * from final
