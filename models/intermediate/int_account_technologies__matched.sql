with

matched_detections as (
    select * from {{ ref('int_technographic_detections__matched_to_accounts') }}
    where is_used
),

final as (
    select
        account_id,
        technology,
        {{ any_value('technology_category') }} as technology_category,
        min(first_detected_date) as first_detected_date,
        max(last_detected_date) as last_detected_date,
        count(*) as detection_count
    from matched_detections
    group by account_id, technology
)

select * from final
