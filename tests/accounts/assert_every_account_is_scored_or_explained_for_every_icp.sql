-- Every account of the CRM export appears in account_scores once for every ICP, with a score or with the
-- reason it has none. An account missing from the mart, or a mart row for an unknown account, fails.

with

crm_records as (
    select * from {{ ref('stg_crm__accounts') }}
),

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

account_scores as (
    select * from {{ ref('account_scores') }}
),

expected as (
    select distinct
        crm_records.account_id,
        icp_profiles.icp_id
    from crm_records
    cross join icp_profiles
    where crm_records.account_id is not null
),

actual as (
    select
        account_id,
        icp_id,
        count(*) as rows_in_mart,
        count(*) filter (where (unscored_reason is null) = (icp_score is not null)) as rows_scored_xor_explained
    from account_scores
    group by account_id, icp_id
),

final as (
    select
        coalesce(expected.account_id, actual.account_id) as account_id,
        coalesce(expected.icp_id, actual.icp_id) as icp_id,
        case
            when actual.account_id is null then 'Account is in the CRM export but missing from account_scores.'
            when expected.account_id is null then 'account_scores has a row for an account not in the CRM export.'
            when actual.rows_in_mart > 1 then 'Account appears more than once for this ICP.'
            else 'Account has both a score and an unscored_reason, or neither.'
        end as failure_reason
    from expected
    full outer join actual
        on
            expected.account_id = actual.account_id
            and expected.icp_id = actual.icp_id
    where
        actual.account_id is null
        or expected.account_id is null
        or actual.rows_in_mart != 1
        or actual.rows_scored_xor_explained != 1
)

select * from final
