{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    full_refresh=false,
    **replaced_by_run(['scored_at', 'icp_id', 'grade_label'])
) }}

with

account_scores as (
    select * from {{ ref('account_scores') }}
),

final as (
    select
        scored_at,
        scoring_date,
        icp_id,
        grid_version,
        coalesce(icp_grade, 'unscored') as grade_label,
        count(*) as account_count,
        count(case when icp_tier = 1 then 1 end) as tier_1_accounts,
        count(case when icp_tier = 2 then 1 end) as tier_2_accounts,
        count(case when icp_tier = 3 then 1 end) as tier_3_accounts
    from account_scores
    group by scored_at, scoring_date, icp_id, grid_version, coalesce(icp_grade, 'unscored')
)

select * from final
