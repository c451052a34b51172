{{ config(severity='warn') }}
-- Every ICP's grid was reviewed by sales and marketing within its review interval before the scoring date
-- (icp_profiles.csv: last_reviewed_on + review_every_months). A warning, not an error: an overdue grid still
-- scores, but the team should sit down and review it.

with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

reviews as (
    select
        icp_id,
        last_reviewed_on,
        coalesce(review_every_months, {{ var('grid_review_every_months') }}) as review_every_months,
        {{ grid_review_due_on('last_reviewed_on', 'review_every_months') }} as review_due_on
    from icp_profiles
),

final as (
    select
        icp_id,
        last_reviewed_on,
        review_due_on,
        case
            when last_reviewed_on is null
                then 'seeds/scoring_grid/icp_profiles.csv: ICP "' || icp_id || '" has never been reviewed: review '
                    || 'its grid with sales and marketing, then write the date in last_reviewed_on.'
            else 'seeds/scoring_grid/icp_profiles.csv: the review of ICP "' || icp_id || '" was due on '
                || cast(review_due_on as {{ engine_type('varchar') }})
                || ' (last reviewed ' || cast(last_reviewed_on as {{ engine_type('varchar') }})
                || ', every ' || cast(review_every_months as {{ engine_type('varchar') }})
                || ' months): review its grid with sales '
                || 'and marketing, then update last_reviewed_on.'
        end as failure_reason
    from reviews
    where last_reviewed_on is null or review_due_on < {{ scoring_date() }}
)

select * from final
