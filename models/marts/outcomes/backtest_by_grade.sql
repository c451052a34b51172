with

score_history as (
    select * from {{ ref('account_scores_history') }}
),

grade_bands as (
    select * from {{ ref('icp_grade_bands') }}
),

opportunities as (
    select * from {{ ref('int_crm_opportunities__matched_to_accounts') }}
),

activities as (
    select * from {{ ref('int_crm_activities__matched_to_accounts') }}
),

backtest_window as (
    select
        {{ backtest_window_start() }} as window_start,
        {{ scoring_date() }} as window_end
),

-- A version is in force from the scoring date of the run that wrote it until the scoring date of the run that
-- replaced it (history versions are dated by run; the backtest dates them by what the run scored as of).
dated_versions as (
    select
        score_history.account_id,
        score_history.icp_id,
        score_history.is_scored,
        score_history.icp_grade,
        score_history.icp_tier,
        score_history.scoring_date as in_force_from,
        next_versions.scoring_date as in_force_until
    from score_history
    left join score_history as next_versions
        on
            score_history.account_id = next_versions.account_id
            and score_history.icp_id = next_versions.icp_id
            and score_history.dbt_valid_to = next_versions.dbt_valid_from
),

-- The cohort: each account's score in force at the start of the window, i.e. before any of the window's
-- opportunities opened. Accounts first scored later are not in the backtest.
cohort as (
    select
        dated_versions.account_id,
        dated_versions.icp_id,
        dated_versions.is_scored,
        dated_versions.icp_tier,
        coalesce(dated_versions.icp_grade, 'unscored') as grade_label
    from dated_versions
    cross join backtest_window
    where
        dated_versions.in_force_from <= backtest_window.window_start
        and (
            dated_versions.in_force_until is null
            or dated_versions.in_force_until > backtest_window.window_start
        )
),

window_opportunities as (
    select opportunities.*
    from opportunities
    cross join backtest_window
    where
        opportunities.is_used
        and opportunities.created_date > backtest_window.window_start
        and opportunities.created_date <= backtest_window.window_end
),

-- Sales worked the account in the window: an activity or an opportunity. Outcomes of accounts nobody worked
-- say nothing about their fit.
worked_accounts as (
    select activities.account_id
    from activities
    cross join backtest_window
    where
        activities.is_used
        and activities.activity_date > backtest_window.window_start
        and activities.activity_date <= backtest_window.window_end
    union
    select account_id from window_opportunities
),

account_outcomes as (
    select
        cohort.account_id,
        cohort.icp_id,
        cohort.grade_label,
        cohort.icp_tier,
        worked_accounts.account_id is not null as is_worked,
        count(window_opportunities.opportunity_record_id) as opportunities,
        count(case when window_opportunities.is_closed then 1 end) as closed_opportunities,
        count(case when window_opportunities.is_won then 1 end) as won_opportunities,
        sum(case when window_opportunities.is_won then window_opportunities.amount end) as won_amount,
        list(
            case when window_opportunities.is_won then window_opportunities.sales_cycle_days end
        ) as won_cycle_days
    from cohort
    left join worked_accounts
        on cohort.account_id = worked_accounts.account_id
    left join window_opportunities
        on cohort.account_id = window_opportunities.account_id
    group by cohort.account_id, cohort.icp_id, cohort.grade_label, cohort.icp_tier, worked_accounts.account_id
),

-- The same accounts seen three ways: by grade, by tier, and the best grades together (grades of tiers 1-2,
-- A+B by default), which is what ABM spends on.
-- The grades of tiers 1 and 2 (A+B by default), named by their labels joined with '+'.
top_grade_labels as (
    select
        icp_id,
        {{ dbt.listagg('icp_grade', "'+'", 'order by min_score desc') }} as segment
    from grade_bands
    where icp_tier <= 2
    group by icp_id
),

grade_ranks as (
    select
        icp_id,
        icp_grade,
        row_number() over (partition by icp_id order by min_score desc) as grade_rank
    from grade_bands
),

segments as (
    select
        'grade' as segment_type,
        account_outcomes.grade_label as segment,
        -- Best grade first; unscored last.
        coalesce(grade_ranks.grade_rank, 99) as segment_rank,
        account_outcomes.*
    from account_outcomes
    left join grade_ranks
        on
            account_outcomes.icp_id = grade_ranks.icp_id
            and account_outcomes.grade_label = grade_ranks.icp_grade
    union all
    select
        'tier' as segment_type,
        coalesce('tier ' || cast(icp_tier as varchar), 'unscored') as segment,
        coalesce(icp_tier, 99) as segment_rank,
        account_outcomes.*
    from account_outcomes
    union all
    select
        'top_grades' as segment_type,
        top_grade_labels.segment,
        0 as segment_rank,
        account_outcomes.*
    from account_outcomes
    inner join top_grade_labels
        on account_outcomes.icp_id = top_grade_labels.icp_id
    inner join grade_bands
        on
            account_outcomes.icp_id = grade_bands.icp_id
            and account_outcomes.grade_label = grade_bands.icp_grade
            and grade_bands.icp_tier <= 2
),

icp_totals as (
    select
        icp_id,
        count(*) as account_count,
        sum(won_opportunities) as won_opportunities,
        sum(won_opportunities) / nullif(sum(closed_opportunities), 0) as win_rate
    from account_outcomes
    group by icp_id
),

segment_outcomes as (
    select
        segments.icp_id,
        segments.segment_type,
        segments.segment,
        segments.segment_rank,
        count(*) as account_count,
        count(case when segments.is_worked then 1 end) as worked_accounts,
        cast(sum(segments.opportunities) as bigint) as opportunities,
        cast(sum(segments.closed_opportunities) as bigint) as closed_opportunities,
        cast(sum(segments.won_opportunities) as bigint) as won_opportunities,
        sum(segments.won_amount) as won_amount
    from segments
    group by segments.icp_id, segments.segment_type, segments.segment, segments.segment_rank
),

segment_sales_cycles as (
    select
        segments.icp_id,
        segments.segment_type,
        segments.segment,
        cast(median(cycle_days.cycle_days) as decimal(7, 1)) as median_sales_cycle_days
    from segments
    cross join unnest(segments.won_cycle_days) as cycle_days (cycle_days)
    group by segments.icp_id, segments.segment_type, segments.segment
),

final as (
    select
        segment_outcomes.icp_id,
        segment_outcomes.segment_type,
        segment_outcomes.segment,
        cast(segment_outcomes.segment_rank as integer) as segment_rank,
        backtest_window.window_start,
        backtest_window.window_end,
        segment_outcomes.account_count,
        cast(segment_outcomes.account_count / icp_totals.account_count as decimal(5, 4)) as share_of_accounts,
        segment_outcomes.worked_accounts,
        cast(segment_outcomes.worked_accounts / segment_outcomes.account_count as decimal(5, 4)) as worked_share,
        segment_outcomes.opportunities,
        segment_outcomes.closed_opportunities,
        segment_outcomes.won_opportunities,
        cast(
            segment_outcomes.won_opportunities / nullif(segment_outcomes.closed_opportunities, 0) as decimal(5, 4)
        ) as win_rate,
        cast(
            segment_outcomes.won_opportunities / nullif(icp_totals.won_opportunities, 0) as decimal(5, 4)
        ) as share_of_won_deals,
        cast(segment_outcomes.won_amount / nullif(segment_outcomes.won_opportunities, 0) as decimal(18, 2))
            as average_won_deal_size,
        segment_sales_cycles.median_sales_cycle_days,
        cast(
            segment_outcomes.won_opportunities
            / nullif(segment_outcomes.closed_opportunities, 0)
            / nullif(icp_totals.win_rate, 0) as decimal(7, 2)
        ) as win_rate_lift
    from segment_outcomes
    inner join icp_totals
        on segment_outcomes.icp_id = icp_totals.icp_id
    left join segment_sales_cycles
        on
            segment_outcomes.icp_id = segment_sales_cycles.icp_id
            and segment_outcomes.segment_type = segment_sales_cycles.segment_type
            and segment_outcomes.segment = segment_sales_cycles.segment
    cross join backtest_window
)

select * from final
