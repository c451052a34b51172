with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

detections as (
    select * from {{ ref('stg_technographics__detections') }}
    where detection_exclusion_reason is null
),

final as (
    select
        accounts.account_id,
        detections.technology,
        any_value(detections.technology_category) as technology_category,
        min(detections.first_detected_date) as first_detected_date,
        max(detections.last_detected_date) as last_detected_date,
        count(*) as detection_count
    from detections
    inner join accounts
        on detections.domain = accounts.domain
    group by accounts.account_id, detections.technology
)

select * from final
