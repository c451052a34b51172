{#- One row per distinct raw website of the CRM export, with its verdict and its key (docs/raw-data.md, "Domains:
    the join key"): a bare host, in the ASCII form DNS uses, reduced to its registrable domain by the Public Suffix
    List, the rule of the feeds (macros/landed_files/landed_feed_ctes.sql). stg_crm__accounts joins it back to
    the rows: each website is judged once, however many rows carry it. -#}
with

source as (
    select * from {{ source('crm', 'accounts') }}
),

public_suffixes as (
    select * from {{ ref('public_suffixes') }}
),

free_mail_domains as (
    select * from {{ ref('free_mail_domains') }}
),

distinct_websites as (
    select distinct website as website_raw
    from source
    where website is not null
),

-- The host in the ASCII form DNS uses (`münchen.de` -> `xn--mnchen-3ya.de`), the form of the feeds' keys; null
-- when it cannot be encoded (an empty label, broken punycode).
hosted as (
    select
        website_raw,
        website_host_raw,
        {{ host_to_ascii('website_host_raw') }} as website_host
    from (
        select
            website_raw,
            {{ normalize_domain('website_raw') }} as website_host_raw
        from distinct_websites
    ) as normalized_websites
),

-- A host with one dot is its own key; each other valid host is mapped once (`blog.acme.co.uk` -> `acme.co.uk`).
multi_label_hosts as (
    select distinct website_host from hosted
    where website_host like '%.%.%' and {{ is_valid_domain('website_host') }}
),

registrable_domains as (
    {{ registrable_domain_map('multi_label_hosts', 'website_host', 'public_suffixes') }}
),

judged as (
    select
        hosted.website_raw,
        coalesce(registrable_domains.registrable_domain, hosted.website_host) as website_domain,
        case
            when hosted.website_host_raw is null then 'missing'
            when hosted.website_host_raw like '%@%' then 'email_address'
            when {{ regexp_full_match('hosted.website_host_raw', '[0-9]{1,3}(\\.[0-9]{1,3}){3}') }} then 'ip_address'
            -- Not a domain name, or itself a public suffix with two dots or more (`myspreadshop.co.uk`: no key).
            when
                not {{ is_valid_domain('hosted.website_host') }}
                or (registrable_domains.website_host is not null and registrable_domains.registrable_domain is null)
                then 'invalid_format'
            when free_mail_domains.free_mail_domain is not null then 'free_mail_domain'
            else 'valid'
        end as website_status
    from hosted
    left join registrable_domains
        on hosted.website_host = registrable_domains.website_host
    left join free_mail_domains
        on coalesce(registrable_domains.registrable_domain, hosted.website_host) = free_mail_domains.free_mail_domain
),

final as (
    select
        website_raw,
        case when website_status = 'valid' then website_domain end as domain,
        website_status
    from judged
)

select * from final
