-- Technographic and intent rows per status (a row used for at least one account is used), and the technographic
-- date fields per status: the feeds' part of data_quality_summary.
with

detections as (
    select * from {{ ref('int_technographic_detections__matched_to_accounts') }}
),

signals as (
    select * from {{ ref('int_intent_signals__matched_to_accounts') }}
),

detection_records as (
    select * from {{ ref('stg_technographics__detections') }}
),

-- One status per raw row: a row used for at least one account is used. Only the rows of domains shared by several
-- accounts need grouping (grouping all 20M signals at 1M accounts took 4 s).
detection_rows as (
    select
        detection_id,
        coalesce(detection_exclusion_reason, 'used') as check_status
    from detections
    where matched_account_count <= 1
    union all
    select
        detection_id,
        case when bool_or(is_used) then 'used' else min(detection_exclusion_reason) end as check_status
    from detections
    where matched_account_count > 1
    group by detection_id
),

signal_rows as (
    select
        signal_id,
        coalesce(signal_exclusion_reason, 'used') as check_status
    from signals
    where matched_account_count <= 1
    union all
    select
        signal_id,
        case when bool_or(is_used) then 'used' else min(signal_exclusion_reason) end as check_status
    from signals
    where matched_account_count > 1
    group by signal_id
),

counts as (
    select
        'technographics' as source_table,
        'row' as check_level,
        'row_status' as check_name,
        check_status,
        count(*) as row_count
    from detection_rows
    group by check_status
    union all
    select
        'intent_signals' as source_table,
        'row' as check_level,
        'row_status' as check_name,
        check_status,
        count(*) as row_count
    from signal_rows
    group by check_status
    {%- for field_name in ['first_detected_date', 'last_detected_date'] %}
        union all
        select
            'technographics' as source_table,
            'field' as check_level,
            '{{ field_name }}' as check_name,
            {{ field_name }}_status as check_status,
            count(*) as row_count
        from detection_records
        group by check_status
    {%- endfor %}
)

select * from counts
