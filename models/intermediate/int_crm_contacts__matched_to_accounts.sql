{#- The contacts matched to their CRM account, and judged as a way to reach a person there: the e-mail on the
    account's domain (or a subdomain of it), on free mail or on another domain; a phone number that more than
    var('max_accounts_per_phone') accounts share is a switchboard, not a person's; active within
    var('contact_active_days') of the scoring date (a contact never active: since it was created; one created
    after the scoring date, in a backdated run, did not exist yet). A contact
    can fill a buying-committee seat when it is used, recent, and reachable by e-mail on the account's domain or
    by its own phone. -#}
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

matched as (
    select
        contacts.*,
        accounts.domain as account_domain,
        accounts.employee_count as account_employee_count,
        case
            when contacts.contact_exclusion_reason is not null then contacts.contact_exclusion_reason
            when accounts.account_id is null then 'unknown_account'
        end as exclusion_reason
    from contacts
    left join accounts
        on contacts.account_id = accounts.account_id
),

-- How many accounts list each phone number among their used contacts.
phone_accounts as (
    select
        phone_digits,
        count(distinct account_id) as accounts_on_phone
    from matched
    where exclusion_reason is null and phone_digits is not null
    group by phone_digits
),

judged as (
    select
        matched.contact_record_id,
        matched.contact_id,
        matched.account_id,
        matched.first_name,
        matched.last_name,
        matched.job_title,
        matched.job_title_key,
        matched.account_employee_count,
        matched.email,
        case
            when matched.email_status != 'valid' then matched.email_status
            when
                matched.email_domain = matched.account_domain
                or matched.email_domain like '%.' || matched.account_domain
                then 'account_domain'
            else 'other_domain'
        end as email_status,
        matched.phone_digits,
        case
            when matched.phone_status != 'valid' then matched.phone_status
            when phone_accounts.accounts_on_phone > {{ var('max_accounts_per_phone') }} then 'shared_phone'
            else 'valid'
        end as phone_status,
        matched.created_date,
        matched.last_activity_date,
        case
            when matched.created_date > {{ scoring_date() }} then 'created_after_scoring_date'
            when coalesce(matched.last_activity_date, matched.created_date) is null then 'missing'
            when
                coalesce(matched.last_activity_date, matched.created_date)
                >= {{ dbt.dateadd('day', -(var('contact_active_days') | int), scoring_date()) }}
                then 'recent'
            else 'stale'
        end as activity_status,
        matched.exclusion_reason as contact_exclusion_reason
    from matched
    left join phone_accounts
        on matched.phone_digits = phone_accounts.phone_digits
),

final as (
    select
        *,
        contact_exclusion_reason is null as is_used,
        contact_exclusion_reason is null
        and activity_status = 'recent'
        and (email_status = 'account_domain' or phone_status = 'valid') as can_fill_a_seat
    from judged
)

select * from final
