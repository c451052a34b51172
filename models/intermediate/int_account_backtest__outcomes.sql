{#- The backtest per account: its grade, tier and buying-committee coverage in force at the start of the window
    (the cohort) and what
    happened to it during the window, for backtest_by_grade to add up by grade, tier and top grades. -#}
with

score_versions as (
    select * from {{ ref('int_account_score_versions__dated') }}
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

-- The cohort: each account's score in force at the start of the window, i.e. before any of the window's
-- opportunities opened. Accounts first scored later are not in the backtest.
cohort as (
    select
        score_versions.account_id,
        score_versions.icp_id,
        score_versions.is_scored,
        score_versions.icp_tier,
        coalesce(score_versions.icp_grade, 'unscored') as grade_label,
        -- A version written before buying committees were scored has none: it counts as no personas.
        coalesce(score_versions.committee_coverage, 'no_personas') as committee_coverage
    from score_versions
    cross join backtest_window
    where
        score_versions.in_force_from <= backtest_window.window_start
        and (
            score_versions.in_force_until is null
            or score_versions.in_force_until > backtest_window.window_start
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

final as (
    select
        cohort.account_id,
        cohort.icp_id,
        cohort.grade_label,
        cohort.icp_tier,
        cohort.committee_coverage,
        worked_accounts.account_id is not null as is_worked,
        count(window_opportunities.opportunity_record_id) as opportunities,
        count(case when window_opportunities.is_closed then 1 end) as closed_opportunities,
        count(case when window_opportunities.is_won then 1 end) as won_opportunities,
        cast(sum(case when window_opportunities.is_won then window_opportunities.amount end) as decimal(18, 2))
            as won_amount,
        {{ ordered_string_agg(
            'cast(window_opportunities.sales_cycle_days as ' ~ dbt.type_string() ~ ')',
            ',',
            'window_opportunities.sales_cycle_days',
            'window_opportunities.is_won and window_opportunities.sales_cycle_days is not null'
        ) }} as won_cycle_days
    from cohort
    left join worked_accounts
        on cohort.account_id = worked_accounts.account_id
    left join window_opportunities
        on cohort.account_id = window_opportunities.account_id
    group by
        cohort.account_id,
        cohort.icp_id,
        cohort.grade_label,
        cohort.icp_tier,
        cohort.committee_coverage,
        worked_accounts.account_id
)

select * from final
