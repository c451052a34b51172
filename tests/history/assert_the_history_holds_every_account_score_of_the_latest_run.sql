-- The version in force in the history of every account and ICP is the one in marts.account_scores, and no
-- account missing from account_scores still has a version in force.

with

account_scores as (
    select * from {{ ref('account_scores') }}
),

score_history as (
    select * from {{ ref('account_scores_history') }}
),

versions_in_force as (
    select * from score_history
    where dbt_valid_to is null
),

mismatches as (
    select
        coalesce(account_scores.account_id, versions_in_force.account_id) as account_id,
        coalesce(account_scores.icp_id, versions_in_force.icp_id) as icp_id,
        case
            when versions_in_force.account_id is null
                then 'account_scores_history has no version in force for this account and ICP'
            when account_scores.account_id is null
                then 'account_scores_history still has a version in force for an account no longer scored'
            else 'the version in force in account_scores_history differs from account_scores'
        end as problem
    from account_scores
    full outer join versions_in_force
        on
            account_scores.account_id = versions_in_force.account_id
            and account_scores.icp_id = versions_in_force.icp_id
    where
        versions_in_force.account_id is null
        or account_scores.account_id is null
        or account_scores.is_scored is distinct from versions_in_force.is_scored
        or account_scores.unscored_reason is distinct from versions_in_force.unscored_reason
        or account_scores.icp_score is distinct from versions_in_force.icp_score
        or account_scores.icp_grade is distinct from versions_in_force.icp_grade
        or account_scores.icp_tier is distinct from versions_in_force.icp_tier
        or account_scores.grid_version is distinct from versions_in_force.grid_version
),

final as (
    select
        account_id,
        icp_id,
        problem || ' (score, grade, tier, scored state or grid version). Run `dbt build` once more; if it '
        || 'persists, the snapshot config in snapshots/_snapshots.yml is wrong.' as failure_reason
    from mismatches
)

select * from final
