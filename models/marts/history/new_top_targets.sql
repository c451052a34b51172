{#- The one run account_scores holds (this build's, or the last one's when only the history marts are
    rebuilt). -#}
{%- set latest_run_scored_at = latest_run_timestamp(ref('account_scores')) %}

with

account_scores as (
    select * from {{ ref('account_scores') }}
),

-- The scores' history, inlined where it is read: each reader's filter on the run then reaches the history's
-- scan, and only the latest runs are read, however long the history.
score_history {{ as_not_materialized() }} (
    select * from {{ ref('account_scores_history') }}
),

-- The versions this run wrote and those it replaced, read apart: the model reads the history's latest run
-- only, whatever the history's length.
new_versions as (
    select * from score_history
    where dbt_valid_from = {{ latest_run_scored_at }}
),

replaced_versions as (
    select * from score_history
    where dbt_valid_to = {{ latest_run_scored_at }}
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
    inner join new_versions
        on
            account_scores.account_id = new_versions.account_id
            and account_scores.icp_id = new_versions.icp_id
    left join replaced_versions as previous_versions
        on
            account_scores.account_id = previous_versions.account_id
            and account_scores.icp_id = previous_versions.icp_id
    where
        account_scores.icp_tier = 1
        and (previous_versions.icp_tier is null or previous_versions.icp_tier != 1)
)

select * from final
