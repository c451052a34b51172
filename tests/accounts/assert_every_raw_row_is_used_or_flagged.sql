-- For every raw file, the rows read equal the rows used plus the rows kept out with a reason in
-- data_quality_summary: no row is lost between the file and the marts.

with

crm_accounts as (
    select count(*) as row_count from {{ source('crm', 'accounts') }}
),

technographics as (
    select count(*) as row_count from {{ source('technographics', 'detections') }}
),

intent_signals as (
    select count(*) as row_count from {{ source('intent', 'signals') }}
),

crm_opportunities as (
    select count(*) as row_count from {{ source('crm', 'opportunities') }}
),

crm_activities as (
    select count(*) as row_count from {{ source('crm', 'activities') }}
),

crm_contacts as (
    select count(*) as row_count from {{ source('crm', 'contacts') }}
),

data_quality_summary as (
    select * from {{ ref('data_quality_summary') }}
    where check_level = 'row'
),

rows_in as (
    select
        'crm_accounts' as source_table,
        row_count
    from crm_accounts
    union all
    select
        'technographics' as source_table,
        row_count
    from technographics
    union all
    select
        'intent_signals' as source_table,
        row_count
    from intent_signals
    union all
    select
        'crm_opportunities' as source_table,
        row_count
    from crm_opportunities
    union all
    select
        'crm_activities' as source_table,
        row_count
    from crm_activities
    union all
    select
        'crm_contacts' as source_table,
        row_count
    from crm_contacts
),

rows_accounted as (
    select
        source_table,
        sum(row_count) as row_count,
        sum(case when check_status = 'used' then row_count else 0 end) as rows_used
    from data_quality_summary
    group by source_table
),

final as (
    select
        rows_in.source_table,
        rows_in.row_count as rows_in,
        coalesce(rows_accounted.row_count, 0) as rows_accounted,
        'Raw file ' || rows_in.source_table || ' has ' || rows_in.row_count || ' rows but data_quality_summary '
        || 'accounts for ' || coalesce(rows_accounted.row_count, 0) || ' (used + flagged): rows were lost.'
            as failure_reason
    from rows_in
    left join rows_accounted
        on rows_in.source_table = rows_accounted.source_table
    where rows_in.row_count != coalesce(rows_accounted.row_count, 0)
)

select * from final
