with

source as (
    select * from {{ source('crm', 'accounts') }}
),

-- Each distinct raw industry with the canonical industry it maps to and how (rule, code system, code).
industry_map as (
    select * from {{ ref('base_crm__account_industries') }}
),

country_aliases as (
    select * from {{ ref('country_aliases') }}
),

countries as (
    select * from {{ ref('countries') }}
),

country_names as (
    select * from {{ ref('country_names') }}
),

-- Each distinct raw website with its verdict and its key (the registrable domain, in ASCII).
website_map as (
    select * from {{ ref('base_crm__account_websites') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

-- The countries' ISO codes, and their names in English and the languages of European extracts (country_names,
-- generated from the same source as the countries seed); the analysts' aliases override the generated names.
country_lookup as (
    {{ alias_lookup(
        'country_aliases', 'country_alias', 'countries', 'country_code', 'country_code',
        generated_aliases='country_names'
    ) }}
),

renamed as (
    select
        -- The record's data row in the file (1 = the first line after the header), kept by the landing.
        file_row_number + 1 as crm_record_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(account_name), '') as account_name,
        website as website_raw,
        industry as industry_raw,
        employees as employees_raw,
        annual_revenue as annual_revenue_raw,
        country as country_raw,
        created_date as created_date_raw,
        last_modified_at as last_modified_at_raw,
        {{ parse_date('created_date') }} as created_date,
        -- In UTC: a timestamp with an offset is converted, one without is taken as UTC.
        {{ parse_timestamp('last_modified_at') }} as last_modified_at,
        md5(
            concat_ws(
                '|', account_id, account_name, website, industry, employees, annual_revenue,
                country, created_date, last_modified_at
            )
        ) as crm_record_hash
    from source
),

cleaned as (
    select
        renamed.*,
        nullif(lower({{ remove_spaces('renamed.employees_raw') }}), '') as employees_text,
        {{ clean_amount_text('renamed.annual_revenue_raw') }} as annual_revenue_text,
        {{ normalize_lookup_key('industry_raw') }} as industry_key,
        {{ normalize_lookup_key('country_raw') }} as country_key
    from renamed
),

-- The revenue's number, currency and status, read once per distinct text (macro amount_reading_ctes).
{{ amount_reading_ctes('revenue', 'cleaned', 'annual_revenue_text', 'currency_rates') }}

parsed as (
    select
        cleaned.*,
        {{ parse_employee_count('cleaned.employees_text') }} as employee_count_parsed,
        revenue_readings.amount_value as annual_revenue_parsed,
        revenue_readings.amount_currency as annual_revenue_currency,
        revenue_readings.amount_currency_text as annual_revenue_currency_raw,
        coalesce(revenue_readings.amount_status, 'missing') as annual_revenue_status
    from cleaned
    left join revenue_readings
        on cleaned.annual_revenue_text = revenue_readings.amount_text
),

classified as (
    select
        parsed.*,
        website_map.domain,
        coalesce(website_map.website_status, 'missing') as website_status,
        industry_map.industry,
        industry_map.industry_match_rule,
        industry_map.industry_code_system,
        industry_map.industry_code,
        country_lookup.canonical_value as country_code
    from parsed
    left join website_map
        on parsed.website_raw = website_map.website_raw
    left join industry_map
        on parsed.industry_raw = industry_map.industry_raw
    left join country_lookup
        on parsed.country_key = country_lookup.lookup_key
),

ranked as (
    select
        classified.*,
        row_number() over (
            partition by classified.account_id
            order by
                classified.last_modified_at desc nulls last,
                (
                    (classified.website_status = 'valid')::int
                    + (classified.industry is not null)::int
                    + coalesce(classified.employee_count_parsed >= 0, false)::int
                    + (classified.annual_revenue_status = 'parsed')::int
                    + (classified.country_code is not null)::int
                ) desc,
                classified.crm_record_hash
        ) as record_rank
    from classified
),

final as (
    select
        crm_record_id,
        account_id,
        account_name,
        domain,
        website_raw,
        website_status,
        industry,
        industry_raw,
        case
            when industry_key is null then 'missing'
            when industry is null then 'unmapped'
            else 'mapped'
        end as industry_status,
        industry_match_rule,
        industry_code_system,
        industry_code,
        case when employee_count_parsed >= 0 then employee_count_parsed end as employee_count,
        employees_raw,
        {{ number_status('employees_text', 'employee_count_parsed') }} as employee_count_status,
        cast(
            case when annual_revenue_status = 'parsed' then {{ round_decimal('annual_revenue_parsed', 2, 28) }} end
            as decimal(18, 2)
        ) as annual_revenue,
        annual_revenue_currency,
        annual_revenue_currency_raw,
        annual_revenue_raw,
        annual_revenue_status,
        country_code,
        country_raw,
        case
            when country_key is null then 'missing'
            when country_code is null then 'unmapped'
            else 'mapped'
        end as country_status,
        created_date,
        created_date_raw,
        {{ date_status('created_date_raw', 'created_date') }} as created_date_status,
        last_modified_at,
        last_modified_at_raw,
        {{ date_status('last_modified_at_raw', 'last_modified_at') }} as last_modified_at_status,
        account_id is not null and record_rank = 1 as is_surviving_record,
        case
            when account_id is null then 'missing_account_id'
            when record_rank > 1 then 'duplicate_account_record'
        end as record_exclusion_reason
    from ranked
)

select * from final
