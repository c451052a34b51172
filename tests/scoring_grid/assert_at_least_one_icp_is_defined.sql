-- The grid defines at least one ICP: with none, no account would be scored and nothing would say so.

with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

final as (
    select
        'seeds/scoring_grid/icp_profiles.csv defines no ICP: add one row (icp_id, icp_name, icp_description) '
        || 'and its criteria, points and grade bands.' as failure_reason
    from (select count(*) as icp_count from icp_profiles) as defined
    where defined.icp_count = 0
)

select * from final
