with

source as (
    select * from {{ source('crm', 'accounts') }}
),

industry_aliases as (
    select * from {{ ref('industry_aliases') }}
),

industries as (
    select * from {{ ref('industries') }}
),

country_aliases as (
    select * from {{ ref('country_aliases') }}
),

country_names as (
    select * from {{ ref('country_names') }}
),

free_mail_domains as (
    select * from {{ ref('free_mail_domains') }}
),

public_suffixes as (
    select * from {{ ref('public_suffixes') }}
),

industry_lookup as (
    {{ alias_lookup('industry_aliases', 'industry_alias', 'industries', 'industry', 'industry_label') }}
),

-- Every ISO country's code: country_names holds names (the English one included) of all 249.
country_codes as (
    select distinct country_code from country_names
),

-- The countries' codes and their names in the languages of European extracts are generated (country_names,
-- from the same source as the countries seed); the analysts' aliases override them.
country_lookup as (
    {{ alias_lookup(
        'country_aliases', 'country_alias', 'country_codes', 'country_code', 'country_code',
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
        try_cast(nullif(trim(created_date), '') as date) as created_date,
        try_cast(nullif(trim(last_modified_at), '') as timestamp) as last_modified_at,
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
        {{ normalize_domain('website_raw') }} as website_host_raw,
        nullif(lower(regexp_replace(trim(renamed.employees_raw), '[\s,]', '', 'g')), '') as employees_text,
        {{ clean_amount_text('renamed.annual_revenue_raw') }} as annual_revenue_text,
        {{ normalize_lookup_key('industry_raw') }} as industry_key,
        {{ normalize_lookup_key('country_raw') }} as country_key
    from renamed
),

-- The host in the ASCII form DNS uses (`münchen.de` -> `xn--mnchen-3ya.de`), the form of the feeds' keys; null
-- when it cannot be encoded (an empty label, broken punycode).
hosted as (
    select
        cleaned.*,
        {{ host_to_ascii('cleaned.website_host_raw') }} as website_host
    from cleaned
),

-- The key of a website is its registrable domain by the Public Suffix List, the rule of the feeds
-- (macros/landed_files/landed_feed_ctes.sql): a host with one dot is its own; each distinct other host is
-- mapped once (`blog.acme.co.uk` -> `acme.co.uk`).
multi_label_hosts as (
    select distinct website_host from hosted
    where website_host like '%.%.%' and {{ is_valid_domain('website_host') }}
),

registrable_domains as (
    {{ registrable_domain_map('multi_label_hosts', 'website_host', 'public_suffixes') }}
),

parsed as (
    select
        hosted.*,
        {{ parse_employee_count('employees_text') }} as employee_count_parsed,
        {{ parse_amount('annual_revenue_text') }} as annual_revenue_parsed
    from hosted
),

classified as (
    select
        parsed.*,
        case
            when parsed.website_host_raw is null then 'missing'
            when parsed.website_host_raw like '%@%' then 'email_address'
            when regexp_full_match(parsed.website_host_raw, '[0-9]{1,3}(\.[0-9]{1,3}){3}') then 'ip_address'
            -- Not a domain name, or itself a public suffix with two dots or more (`blogspot.co.uk`: no key).
            when
                not {{ is_valid_domain('parsed.website_host') }}
                or (registrable_domains.website_host is not null and registrable_domains.registrable_domain is null)
                then 'invalid_format'
            when free_mail_domains.free_mail_domain is not null then 'free_mail_domain'
            else 'valid'
        end as website_status,
        coalesce(registrable_domains.registrable_domain, parsed.website_host) as website_domain,
        industry_lookup.canonical_value as industry,
        country_lookup.canonical_value as country_code
    from parsed
    left join registrable_domains
        on parsed.website_host = registrable_domains.website_host
    left join free_mail_domains
        on coalesce(registrable_domains.registrable_domain, parsed.website_host) = free_mail_domains.free_mail_domain
    left join industry_lookup
        on parsed.industry_key = industry_lookup.lookup_key
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
                    + coalesce(classified.annual_revenue_parsed >= 0, false)::int
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
        case when website_status = 'valid' then website_domain end as domain,
        website_raw,
        website_status,
        industry,
        industry_raw,
        case
            when industry_key is null then 'missing'
            when industry is null then 'unmapped'
            else 'mapped'
        end as industry_status,
        case when employee_count_parsed >= 0 then employee_count_parsed end as employee_count,
        employees_raw,
        {{ number_status('employees_text', 'employee_count_parsed') }} as employee_count_status,
        case
            when annual_revenue_parsed >= 0 then (round(annual_revenue_parsed, 2))::decimal(18, 2)
        end as annual_revenue,
        annual_revenue_raw,
        {{ number_status('annual_revenue_text', 'annual_revenue_parsed') }} as annual_revenue_status,
        country_code,
        country_raw,
        case
            when country_key is null then 'missing'
            when country_code is null then 'unmapped'
            else 'mapped'
        end as country_status,
        created_date,
        last_modified_at,
        account_id is not null and record_rank = 1 as is_surviving_record,
        case
            when account_id is null then 'missing_account_id'
            when record_rank > 1 then 'duplicate_account_record'
        end as record_exclusion_reason
    from ranked
)

select * from final
