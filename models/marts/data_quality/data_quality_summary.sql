with

crm_counts as (
    select * from {{ ref('int_crm_rows__counted') }}
),

feed_counts as (
    select * from {{ ref('int_feed_rows__counted') }}
),

statuses as (
    select * from {{ ref('data_quality_statuses') }}
),

counts as (
    select * from crm_counts
    union all
    select * from feed_counts
),

final as (
    select
        counts.source_table,
        counts.check_level,
        counts.check_name,
        counts.check_status,
        counts.row_count,
        cast(
            {{ round_decimal(divide(
                'counts.row_count',
                'sum(counts.row_count) over (partition by counts.source_table, counts.check_level, counts.check_name)'
            ), 4) }} as decimal(5, 4)
        ) as share_of_rows,
        statuses.is_usable,
        statuses.status_meaning,
        statuses.what_to_do
    from counts
    left join statuses
        on counts.check_status = statuses.check_status
)

select * from final
