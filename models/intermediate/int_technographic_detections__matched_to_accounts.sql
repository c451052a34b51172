with

detections as (
    select * from {{ ref('stg_technographics__detections') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

-- A detection on a domain shared by several accounts counts for each of them.
matched as (
    select
        detections.detection_id,
        accounts.account_id,
        -- A detection on a domain of N accounts is N rows here, each saying N (0: it matched none).
        coalesce(accounts.accounts_on_domain, 0) as matched_account_count,
        detections.technology,
        detections.technology_category,
        detections.first_detected_date,
        detections.last_detected_date,
        case
            when detections.detection_exclusion_reason is not null then detections.detection_exclusion_reason
            when accounts.account_id is null then 'unknown_account'
        end as detection_exclusion_reason
    from detections
    left join accounts
        on
            detections.domain = accounts.domain
            and detections.detection_exclusion_reason is null
),

final as (
    select
        detection_id,
        account_id,
        matched_account_count,
        technology,
        technology_category,
        first_detected_date,
        last_detected_date,
        detection_exclusion_reason,
        detection_exclusion_reason is null as is_used
    from matched
)

select * from final
