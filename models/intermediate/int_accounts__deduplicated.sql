with

crm_records as (
    select * from {{ ref('stg_crm__accounts') }}
),

surviving_records as (
    select * from crm_records
    where is_surviving_record
),

record_counts as (
    select
        account_id,
        count(*) as crm_record_count
    from crm_records
    where account_id is not null
    group by account_id
),

final as (
    select
        surviving_records.account_id,
        surviving_records.crm_record_id,
        surviving_records.account_name,
        surviving_records.domain,
        surviving_records.website_raw,
        surviving_records.website_status,
        surviving_records.industry,
        surviving_records.industry_raw,
        surviving_records.industry_status,
        surviving_records.employee_count,
        surviving_records.employees_raw,
        surviving_records.employee_count_status,
        surviving_records.annual_revenue,
        surviving_records.annual_revenue_raw,
        surviving_records.annual_revenue_status,
        surviving_records.country_code,
        surviving_records.country_raw,
        surviving_records.country_status,
        surviving_records.created_date,
        surviving_records.last_modified_at,
        record_counts.crm_record_count,
        case
            when surviving_records.domain is not null
                then count(*) over (partition by surviving_records.domain)
        end as accounts_on_domain
    from surviving_records
    inner join record_counts
        on surviving_records.account_id = record_counts.account_id
)

select * from final
