{#- The CRM's contacts: one row per exported row, never dropped. A row that cannot stand for a person at an
    account carries contact_exclusion_reason: no contact id, the same contact id exported again (the record
    active most recently is kept, then the first in the file), or no account id. The e-mail and phone are
    judged here on their own; against the account (its domain, phones shared across accounts) in
    int_crm_contacts__matched_to_accounts. -#}
with

source as (
    select * from {{ source('crm', 'contacts') }}
),

free_mail_domains as (
    select * from {{ ref('free_mail_domains') }}
),

-- Contacts share far fewer titles than there are contacts: each distinct title is keyed once (four regular
-- expressions), not every row.
job_title_keys as (
    select
        job_title,
        {{ text_words_key('job_title') }} as job_title_key
    from (select distinct job_title from source) as titles
),

renamed as (
    select
        -- The contact's data row in the file (1 = the first line after the header), kept by the landing.
        source.file_row_number + 1 as contact_record_id,
        nullif(trim(source.contact_id), '') as contact_id,
        nullif(trim(source.account_id), '') as account_id,
        nullif(trim(source.first_name), '') as first_name,
        nullif(trim(source.last_name), '') as last_name,
        nullif(trim(source.job_title), '') as job_title,
        job_title_keys.job_title_key,
        nullif(lower(trim(source.email)), '') as email,
        nullif({{ regexp_replace_all('source.phone', '[^0-9+]', '') }}, '') as phone_digits,
        {{ parse_date('source.created_date') }} as created_date,
        {{ parse_date('source.last_activity_date') }} as last_activity_date
    from source
    left join job_title_keys
        on source.job_title = job_title_keys.job_title
),

judged as (
    select
        renamed.*,
        case
            when {{ regexp_full_match('renamed.email', '[^@\\s]+@[^@\\s]+\\.[a-z]{2,}') }}
                then split_part(renamed.email, '@', 2)
        end as email_domain,
        row_number() over (
            partition by renamed.contact_id
            order by renamed.last_activity_date desc nulls last, renamed.contact_record_id asc
        ) as record_rank
    from renamed
),

final as (
    select
        judged.contact_record_id,
        judged.contact_id,
        judged.account_id,
        judged.first_name,
        judged.last_name,
        judged.job_title,
        judged.job_title_key,
        judged.email,
        judged.email_domain,
        case
            when judged.email is null then 'missing'
            when judged.email_domain is null then 'invalid_format'
            when free_mail_domains.free_mail_domain is not null then 'free_mail_domain'
            else 'valid'
        end as email_status,
        judged.phone_digits,
        case
            when judged.phone_digits is null then 'missing'
            when length(replace(judged.phone_digits, '+', '')) < 8 then 'invalid_format'
            else 'valid'
        end as phone_status,
        judged.created_date,
        judged.last_activity_date,
        case
            when judged.contact_id is null then 'missing_contact_id'
            when judged.record_rank > 1 then 'duplicate_contact_id'
            when judged.account_id is null then 'missing_account_id'
        end as contact_exclusion_reason
    from judged
    left join free_mail_domains
        on judged.email_domain = free_mail_domains.free_mail_domain
)

select * from final
