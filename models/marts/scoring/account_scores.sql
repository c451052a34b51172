with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

-- The tiered scores with their play (int_account_plays__assigned carries both).
tiered_scores as (
    select * from {{ ref('int_account_plays__assigned') }}
),

grid_versions as (
    select * from {{ ref('int_grid__versions') }}
),

score_explanations as (
    select * from {{ ref('int_account_scores__explained') }}
),

buying_committees as (
    select * from {{ ref('int_account_buying_committees__assessed') }}
),

-- Each account's best ICP: scored before unscored, then the highest score, then the first icp_id. An aggregate,
-- not a window over 1M partitions of one row each (at 1M accounts and one ICP: the model 3.5-3.9 s -> 2.8-3.5 s).
best_icps as (
    select
        account_id,
        {{ first_in_order('icp_id', ['not is_scored', 'icp_score is null', '-coalesce(icp_score, 0)', 'icp_id']) }}
            as best_icp_id
    from tiered_scores
    group by account_id
),

final as (
    select
        tiered_scores.account_id,
        tiered_scores.icp_id,
        accounts.account_name,
        accounts.domain,
        accounts.website_status,
        accounts.industry,
        accounts.employee_count,
        accounts.annual_revenue,
        accounts.country_code,
        coalesce(accounts.accounts_on_domain > 1, false) as is_shared_domain,
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
        tiered_scores.fit_level,
        tiered_scores.intent_level,
        tiered_scores.play_id,
        tiered_scores.play_name,
        coalesce(tiered_scores.needs_review, false) as needs_review,
        coalesce(buying_committees.committee_coverage, 'no_personas') as committee_coverage,
        buying_committees.committee_completeness,
        buying_committees.empty_required_seats,
        -- The play, preceded in the tiers people work one to one or per segment by finding who holds the first
        -- empty required seat: a tier-1 account without its economic buyer is worked single-threaded.
        case
            when
                buying_committees.first_empty_required_seat is not null
                and tiered_scores.icp_tier in ({{ var('committee_first_tiers') | join(', ') }})
                and tiered_scores.play_name is not null
                then 'Find the ' || lower(buying_committees.first_empty_required_seat) || ' first, then: '
                    || tiered_scores.play_name
            else tiered_scores.play_name
        end as next_step,
        -- An unscored account shows no points it did not get (its reason says why).
        case when tiered_scores.is_scored then score_explanations.top_reasons end as top_reasons,
        case when tiered_scores.is_scored then score_explanations.criterion_points end as criterion_points,
        tiered_scores.icp_id = best_icps.best_icp_id as is_best_icp,
        {{ scoring_date() }} as scoring_date,
        grid_versions.grid_version,
        grid_versions.grid_reviewed_on,
        grid_versions.grid_review_due_on,
        {{ run_started_at_timestamp() }} as scored_at
    from tiered_scores
    inner join best_icps
        on tiered_scores.account_id = best_icps.account_id
    inner join accounts
        on tiered_scores.account_id = accounts.account_id
    inner join grid_versions
        on tiered_scores.icp_id = grid_versions.icp_id
    left join score_explanations
        on
            tiered_scores.account_id = score_explanations.account_id
            and tiered_scores.icp_id = score_explanations.icp_id
    left join buying_committees
        on
            tiered_scores.account_id = buying_committees.account_id
            and tiered_scores.icp_id = buying_committees.icp_id
)

select * from final
