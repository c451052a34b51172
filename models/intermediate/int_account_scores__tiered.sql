with

graded_scores as (
    select * from {{ ref('int_account_scores__graded') }}
),

knockouts as (
    select * from {{ ref('int_account_knockouts__matched') }}
),

tier_capacities as (
    select * from {{ ref('icp_tier_capacities') }}
),

capacities as (
    select
        icp_id,
        max(case when icp_tier = 1 then max_accounts end) as tier_1_capacity,
        max(case when icp_tier = 2 then max_accounts end) as tier_2_capacity
    from tier_capacities
    group by icp_id
),

-- A knocked-out account (int_account_knockouts__matched) keeps its score and grade but leaves the ranking: no
-- rank, no room taken in tier 1 or 2, tier 3.
assessed as (
    select
        graded_scores.*,
        knockouts.excluded_by,
        knockouts.excluded_reason,
        knockouts.account_id is not null as is_excluded,
        graded_scores.is_scored and knockouts.account_id is null as is_ranked
    from graded_scores
    left join knockouts
        on graded_scores.account_id = knockouts.account_id and graded_scores.icp_id = knockouts.icp_id
),

-- One order per ICP, best first: score, then intent (the hotter account first), then account_id.
ranked as (
    select
        assessed.*,
        capacities.tier_1_capacity,
        capacities.tier_2_capacity,
        -- bigint on every engine (Spark's row_number is an int).
        case
            when assessed.is_ranked
                then cast(row_number() over (
                        partition by assessed.icp_id, assessed.is_ranked
                        order by assessed.icp_score desc, assessed.intent_score desc, assessed.account_id asc
                    ) as bigint)
        end as icp_rank,
        case
            when assessed.is_ranked and assessed.grade_tier = 1
                then row_number() over (
                        partition by assessed.icp_id, assessed.is_ranked and assessed.grade_tier = 1
                        order by assessed.icp_score desc, assessed.intent_score desc, assessed.account_id asc
                    )
        end as tier_1_rank
    from assessed
    left join capacities
        on assessed.icp_id = capacities.icp_id
),

-- Tier 1 takes the best accounts whose grade allows tier 1, up to its capacity; the overflow competes for
-- tier 2 with the accounts whose grade allows tier 2, again up to its capacity; everything else is tier 3.
tier_1_filled as (
    select
        ranked.*,
        coalesce(ranked.tier_1_rank <= ranked.tier_1_capacity or ranked.tier_1_capacity is null, false)
        and ranked.grade_tier = 1
        and ranked.is_ranked as is_in_tier_1
    from ranked
),

tier_2_ranked as (
    select
        tier_1_filled.*,
        case
            when tier_1_filled.is_ranked and tier_1_filled.grade_tier <= 2 and not tier_1_filled.is_in_tier_1
                then row_number() over (
                        partition by
                            tier_1_filled.icp_id,
                            tier_1_filled.is_ranked and tier_1_filled.grade_tier <= 2 and not tier_1_filled.is_in_tier_1
                        order by
                            tier_1_filled.icp_score desc, tier_1_filled.intent_score desc, tier_1_filled.account_id asc
                    )
        end as tier_2_rank
    from tier_1_filled
),

final as (
    select
        account_id,
        icp_id,
        is_scored,
        unscored_reason,
        unscored_reason_detail,
        is_excluded,
        excluded_by,
        excluded_reason,
        data_completeness,
        firmographic_points,
        technographic_points,
        intent_points,
        fit_score,
        intent_score,
        icp_score,
        icp_grade,
        grade_tier,
        case
            when not is_scored then null
            when is_in_tier_1 then 1
            when tier_2_rank <= tier_2_capacity or (tier_2_rank is not null and tier_2_capacity is null) then 2
            else 3
        end as icp_tier,
        icp_rank
    from tier_2_ranked
)

select * from final
