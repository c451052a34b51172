-- CRM rows per status (accounts, opportunities, activities, contacts), and the fields of the rows kept per status:
-- the CRM's part of data_quality_summary.
with

crm_records as (
    select * from {{ ref('stg_crm__accounts') }}
),

opportunities as (
    select * from {{ ref('int_crm_opportunities__matched_to_accounts') }}
),

activities as (
    select * from {{ ref('int_crm_activities__matched_to_accounts') }}
),

contacts as (
    select * from {{ ref('int_crm_contacts__matched_to_accounts') }}
),

contact_personas as (
    select * from {{ ref('int_contact_personas__matched') }}
),

-- Each used contact's title: blank, naming a persona of at least one ICP, or naming none.
contact_titles as (
    select
        contacts.contact_record_id,
        case
            when contacts.job_title is null then 'missing'
            when count(contact_personas.persona_id) > 0 then 'names_a_persona'
            else 'names_no_persona'
        end as job_title_status
    from contacts
    left join contact_personas
        on contacts.contact_record_id = contact_personas.contact_record_id
    where contacts.is_used
    group by contacts.contact_record_id, contacts.job_title
),

surviving_records as (
    select * from crm_records
    where is_surviving_record
),

counts as (
    select
        'crm_accounts' as source_table,
        'row' as check_level,
        'row_status' as check_name,
        coalesce(record_exclusion_reason, 'used') as check_status,
        count(*) as row_count
    from crm_records
    group by check_status
    union all
    select
        'crm_opportunities' as source_table,
        'row' as check_level,
        'row_status' as check_name,
        coalesce(opportunity_exclusion_reason, 'used') as check_status,
        count(*) as row_count
    from opportunities
    group by check_status
    union all
    select
        'crm_activities' as source_table,
        'row' as check_level,
        'row_status' as check_name,
        coalesce(activity_exclusion_reason, 'used') as check_status,
        count(*) as row_count
    from activities
    group by check_status
    union all
    select
        'crm_contacts' as source_table,
        'row' as check_level,
        'row_status' as check_name,
        coalesce(contact_exclusion_reason, 'used') as check_status,
        count(*) as row_count
    from contacts
    group by check_status
    {%- for field_name in ['email', 'phone', 'activity'] %}
        union all
        select
            'crm_contacts' as source_table,
            'field' as check_level,
            '{{ field_name }}' as check_name,
            {{ field_name }}_status as check_status,
            count(*) as row_count
        from contacts
        where is_used
        group by check_status
    {%- endfor %}
    union all
    select
        'crm_contacts' as source_table,
        'field' as check_level,
        'job_title' as check_name,
        job_title_status as check_status,
        count(*) as row_count
    from contact_titles
    group by check_status
    union all
    select
        'crm_opportunities' as source_table,
        'field' as check_level,
        'amount' as check_name,
        amount_status as check_status,
        count(*) as row_count
    from opportunities
    where is_used
    group by check_status
    {%- for field_name in [
        'website', 'industry', 'employee_count', 'annual_revenue', 'country', 'created_date', 'last_modified_at'
    ] %}
        union all
        select
            'crm_accounts' as source_table,
            'field' as check_level,
            '{{ field_name }}' as check_name,
            {{ field_name }}_status as check_status,
            count(*) as row_count
        from surviving_records
        group by check_status
    {%- endfor %}
)

select * from counts
