with

crm_records as (
    select * from {{ ref('stg_crm__accounts') }}
    where is_surviving_record
),

opportunity_records as (
    select * from {{ ref('stg_crm__opportunities') }}
    where amount_status = 'unknown_currency' and opportunity_exclusion_reason is null
),

detections as (
    select * from {{ ref('stg_technographics__detections') }}
    where detection_exclusion_reason = 'unmapped_technology'
),

signals as (
    select * from {{ ref('stg_intent__signals') }}
    where signal_exclusion_reason = 'unmapped_signal_type'
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
    where opportunity_exclusion_reason = 'unmapped_stage'
),

activities as (
    select * from {{ ref('stg_crm__activities') }}
    where activity_exclusion_reason = 'unmapped_activity_type'
),

-- The job titles of the used contacts that name no persona of any ICP (each contact once).
unmatched_titles as (
    select job_title
    from {{ ref('int_contact_personas__matched') }}
    where job_title is not null
    group by contact_record_id, job_title
    having count(persona_id) = 0
),

unmapped as (
    select
        'industry' as vocabulary,
        industry_raw as raw_value,
        'seeds/reference/industry_aliases.csv' as alias_seed
    from crm_records
    where industry_status = 'unmapped'
    union all
    select
        'country' as vocabulary,
        country_raw as raw_value,
        'seeds/reference/country_aliases.csv' as alias_seed
    from crm_records
    where country_status = 'unmapped'
    union all
    select
        'currency' as vocabulary,
        annual_revenue_currency_raw as raw_value,
        'seeds/reference/currency_rates.csv' as alias_seed
    from crm_records
    where annual_revenue_status = 'unknown_currency'
    union all
    select
        'currency' as vocabulary,
        amount_currency_raw as raw_value,
        'seeds/reference/currency_rates.csv' as alias_seed
    from opportunity_records
    union all
    select
        'technology' as vocabulary,
        technology_raw as raw_value,
        'seeds/reference/technology_aliases.csv' as alias_seed
    from detections
    union all
    select
        'intent_signal_type' as vocabulary,
        signal_type_raw as raw_value,
        'seeds/reference/intent_signal_type_aliases.csv' as alias_seed
    from signals
    union all
    select
        'opportunity_stage' as vocabulary,
        stage_raw as raw_value,
        'seeds/reference/opportunity_stage_aliases.csv' as alias_seed
    from opportunities
    union all
    select
        'activity_type' as vocabulary,
        activity_type_raw as raw_value,
        'seeds/reference/activity_type_aliases.csv' as alias_seed
    from activities
    union all
    select
        'job_title' as vocabulary,
        job_title as raw_value,
        'seeds/scoring_grid/icp_persona_title_rules.csv' as alias_seed
    from unmatched_titles
),

final as (
    select
        vocabulary,
        {{ normalize_lookup_key('raw_value') }} as lookup_key,
        min(raw_value) as example_raw_value,
        count(*) as row_count,
        {{ any_value('alias_seed') }} as alias_seed
    from unmapped
    group by vocabulary, {{ normalize_lookup_key('raw_value') }}
)

select * from final
