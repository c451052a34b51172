{#- Each used contact's persona in each ICP that has personas: the title rule (icp_persona_title_rules) whose phrase
    its title holds as whole words (text_words_key on both sides), at an account within the rule's max_employees.
    A title holding several phrases takes the longest (most words), then the persona of the first buying role
    (seeds/reference/buying_roles.csv), then the first persona_id, then the first phrase in alphabetical order
    (`Founder CEO` holds `CEO` and `Founder`: `CEO`); a title holding none has no persona (listed in
    unmapped_values). Persona rows never reach the score. -#}
with

contacts as (
    select * from {{ ref('int_crm_contacts__matched_to_accounts') }}
    where is_used
),

personas as (
    select * from {{ ref('icp_personas') }}
),

title_rules as (
    select * from {{ ref('icp_persona_title_rules') }}
),

buying_roles as (
    select * from {{ ref('buying_roles') }}
),

keyed_rules as (
    select
        title_rules.icp_id,
        title_rules.persona_id,
        title_rules.title_phrase,
        title_rules.max_employees,
        {{ text_words_key('title_rules.title_phrase') }} as phrase_key,
        buying_roles.role_rank
    from title_rules
    inner join personas
        on title_rules.icp_id = personas.icp_id and title_rules.persona_id = personas.persona_id
    inner join buying_roles
        on personas.buying_role = buying_roles.buying_role
),

persona_icps as (
    select distinct icp_id from personas
),

-- Each distinct title is compared with the rules once: contacts share far fewer titles than there are contacts,
-- and a phrase held as whole words is a LIKE on every (title, rule) pair, which no index can serve.
title_matches as (
    select
        titles.job_title_key,
        keyed_rules.icp_id,
        keyed_rules.persona_id,
        keyed_rules.title_phrase,
        keyed_rules.max_employees,
        length(keyed_rules.phrase_key) - length(replace(keyed_rules.phrase_key, ' ', '')) as phrase_spaces,
        keyed_rules.role_rank
    from (select distinct job_title_key from contacts) as titles
    inner join keyed_rules
        on ' ' || titles.job_title_key || ' ' like '% ' || keyed_rules.phrase_key || ' %'
),

candidates as (
    select
        contacts.contact_record_id,
        title_matches.icp_id,
        title_matches.persona_id,
        title_matches.title_phrase,
        row_number() over (
            partition by contacts.contact_record_id, title_matches.icp_id
            order by
                title_matches.phrase_spaces desc,
                title_matches.role_rank asc,
                title_matches.persona_id asc,
                title_matches.title_phrase asc
        ) as candidate_rank
    from contacts
    inner join title_matches
        on
            contacts.job_title_key = title_matches.job_title_key
            and (title_matches.max_employees is null or contacts.account_employee_count <= title_matches.max_employees)
),

final as (
    select
        contacts.contact_record_id,
        contacts.contact_id,
        contacts.account_id,
        persona_icps.icp_id,
        candidates.persona_id,
        candidates.title_phrase as matched_title_phrase,
        contacts.first_name,
        contacts.last_name,
        contacts.job_title,
        contacts.job_title_key,
        contacts.email,
        contacts.email_status,
        contacts.phone_digits,
        contacts.phone_status,
        contacts.activity_status,
        coalesce(contacts.last_activity_date, contacts.created_date) as last_active_date,
        contacts.can_fill_a_seat
    from contacts
    cross join persona_icps
    left join candidates
        on
            contacts.contact_record_id = candidates.contact_record_id
            and persona_icps.icp_id = candidates.icp_id
            and candidates.candidate_rank = 1
)

select * from final
