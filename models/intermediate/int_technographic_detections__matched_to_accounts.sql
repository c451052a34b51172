with

detections as (
    select * from {{ ref('stg_technographics__detections') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

-- How many accounts have each domain: a detection on a domain of N accounts is N rows here, each saying N.
domain_accounts as (
    select
        *,
        count(*) over (partition by domain) as domain_account_count
    from accounts
    where domain is not null
),

-- A detection on a domain shared by several accounts counts for each of them.
matched as (
    select
        detections.detection_id,
        domain_accounts.account_id,
        coalesce(domain_accounts.domain_account_count, 0) as matched_account_count,
        detections.technology,
        detections.technology_category,
        detections.first_detected_date,
        detections.last_detected_date,
        case
            when detections.detection_exclusion_reason is not null then detections.detection_exclusion_reason
            when domain_accounts.account_id is null then 'unknown_account'
        end as detection_exclusion_reason
    from detections
    left join domain_accounts
        on
            detections.domain = domain_accounts.domain
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
