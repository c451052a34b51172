with

account_scores as (
    select * from {{ ref('account_scores') }}
),

score_history as (
    select * from {{ ref('int_account_score_versions__dated') }}
),

latest_run as (
    select distinct scored_at from account_scores
),

-- Tier 1 now, and not tier 1 before this run: promoted, newly in the CRM, or the first run ever.
final as (
    select
        account_scores.scored_at,
        account_scores.scoring_date,
        account_scores.account_id,
        account_scores.icp_id,
        account_scores.account_name,
        account_scores.domain,
        account_scores.icp_score,
        account_scores.icp_grade,
        account_scores.icp_rank,
        previous_versions.icp_tier as previous_icp_tier,
        previous_versions.icp_grade as previous_icp_grade,
        previous_versions.icp_score as previous_icp_score,
        account_scores.play_id,
        account_scores.play_name,
        account_scores.top_reasons
    from account_scores
    inner join latest_run
        on account_scores.scored_at = latest_run.scored_at
    inner join score_history as new_versions
        on
            account_scores.account_id = new_versions.account_id
            and account_scores.icp_id = new_versions.icp_id
            and latest_run.scored_at = new_versions.dbt_valid_from
    left join score_history as previous_versions
        on
            account_scores.account_id = previous_versions.account_id
            and account_scores.icp_id = previous_versions.icp_id
            and latest_run.scored_at = previous_versions.dbt_valid_to
    where
        account_scores.icp_tier = 1
        and (previous_versions.icp_tier is null or previous_versions.icp_tier != 1)
)

select * from final
