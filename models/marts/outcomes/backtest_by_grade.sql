with

account_outcomes as (
    select * from {{ ref('int_account_backtest__outcomes') }}
),

grade_bands as (
    select * from {{ ref('icp_grade_bands') }}
),

backtest_window as (
    select
        {{ backtest_window_start() }} as window_start,
        {{ scoring_date() }} as window_end
),

-- The same accounts seen four ways: by grade, by tier, the best grades together (grades of tiers 1-2, A+B by
-- default), which is what ABM spends on, and by buying-committee coverage within each grade (are accounts with
-- their committee covered won more often than those of the same grade without?).
-- The grades of tiers 1 and 2 (A+B by default), named by their labels joined with '+'.
top_grade_labels as (
    select
        icp_id,
        {{ ordered_string_agg('icp_grade', '+', 'min_score desc') }} as segment
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

-- Each account with the rank of its grade (best first; unscored last).
ranked_outcomes as (
    select
        account_outcomes.*,
        coalesce(grade_ranks.grade_rank, 99) as grade_rank
    from account_outcomes
    left join grade_ranks
        on
            account_outcomes.icp_id = grade_ranks.icp_id
            and account_outcomes.grade_label = grade_ranks.icp_grade
),

segments as (
    select
        'grade' as segment_type,
        ranked_outcomes.grade_label as segment,
        ranked_outcomes.grade_rank as segment_rank,
        ranked_outcomes.*
    from ranked_outcomes
    union all
    select
        'tier' as segment_type,
        coalesce('tier ' || cast(ranked_outcomes.icp_tier as {{ engine_type('varchar') }}), 'unscored') as segment,
        coalesce(ranked_outcomes.icp_tier, 99) as segment_rank,
        ranked_outcomes.*
    from ranked_outcomes
    union all
    select
        'grade_coverage' as segment_type,
        ranked_outcomes.grade_label || ', ' || replace(ranked_outcomes.committee_coverage, '_', ' ') as segment,
        -- Grade by grade, best first; within a grade the most covered first.
        ranked_outcomes.grade_rank * 10
        + case ranked_outcomes.committee_coverage
            when 'complete' then 1
            when 'partial' then 2
            when 'none' then 3
            when 'no_required_seats' then 4
            else 5
        end as segment_rank,
        ranked_outcomes.*
    from ranked_outcomes
    union all
    select
        'top_grades' as segment_type,
        top_grade_labels.segment,
        0 as segment_rank,
        ranked_outcomes.*
    from ranked_outcomes
    inner join top_grade_labels
        on ranked_outcomes.icp_id = top_grade_labels.icp_id
    inner join grade_bands
        on
            ranked_outcomes.icp_id = grade_bands.icp_id
            and ranked_outcomes.grade_label = grade_bands.icp_grade
            and grade_bands.icp_tier <= 2
),

icp_totals as (
    select
        icp_id,
        count(*) as account_count,
        sum(won_opportunities) as won_opportunities,
        {{ divide('sum(won_opportunities)', 'nullif(sum(closed_opportunities), 0)') }} as win_rate
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

-- One row per won opportunity of a segment: its sales cycle in days.
won_cycles as (
    {{ split_to_rows('segments', 'icp_id, segment_type, segment', 'won_cycle_days', ',', 'cycle_days') }}
),

segment_sales_cycles as (
    select
        icp_id,
        segment_type,
        segment,
        cast({{ median('cast(cycle_days as integer)') }} as decimal(7, 1)) as median_sales_cycle_days
    from won_cycles
    group by icp_id, segment_type, segment
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
        cast({{ round_decimal(
            divide('segment_outcomes.account_count', 'icp_totals.account_count'), 4
        ) }} as decimal(5, 4)) as share_of_accounts,
        segment_outcomes.worked_accounts,
        cast({{ round_decimal(
            divide('segment_outcomes.worked_accounts', 'segment_outcomes.account_count'), 4
        ) }} as decimal(5, 4)) as worked_share,
        segment_outcomes.opportunities,
        segment_outcomes.closed_opportunities,
        segment_outcomes.won_opportunities,
        cast({{ round_decimal(
            divide('segment_outcomes.won_opportunities', 'nullif(segment_outcomes.closed_opportunities, 0)'), 4
        ) }} as decimal(5, 4)) as win_rate,
        cast({{ round_decimal(
            divide('segment_outcomes.won_opportunities', 'nullif(icp_totals.won_opportunities, 0)'), 4
        ) }} as decimal(5, 4)) as share_of_won_deals,
        cast({{ round_decimal(
            divide('segment_outcomes.won_amount', 'nullif(segment_outcomes.won_opportunities, 0)'), 2, 28
        ) }} as decimal(18, 2)) as average_won_deal_size,
        segment_sales_cycles.median_sales_cycle_days,
        cast({{ round_decimal(
            divide(
                divide('segment_outcomes.won_opportunities', 'nullif(segment_outcomes.closed_opportunities, 0)'),
                'nullif(icp_totals.win_rate, 0)'
            ),
            2
        ) }} as decimal(7, 2)) as win_rate_lift
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
