{#- One row per account and persona of each ICP: the buying-committee seat, and the contact who fills it. The best
    contact of a seat is the one that can fill a seat (used, recent, reachable: int_crm_contacts__matched_to_accounts),
    then the one with an e-mail on the account's domain, then with its own phone, then the one active most
    recently, then the first contact id. The seat is `filled` when that contact can fill it, `unreachable` when
    contacts match the persona but none can be reached, `empty` when none matches. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

personas as (
    select * from {{ ref('icp_personas') }}
),

buying_roles as (
    select * from {{ ref('buying_roles') }}
),

contact_personas as (
    select * from {{ ref('int_contact_personas__matched') }}
    where persona_id is not null
),

ranked_contacts as (
    select
        *,
        row_number() over (
            partition by account_id, icp_id, persona_id
            order by
                can_fill_a_seat desc,
                email_status = 'account_domain' desc,
                phone_status = 'valid' desc,
                last_active_date desc nulls last,
                contact_id asc
        ) as contact_rank
    from contact_personas
),

seat_contacts as (
    select
        account_id,
        icp_id,
        persona_id,
        count(*) as matched_contacts,
        count(case when can_fill_a_seat then 1 end) as reachable_contacts,
        {{ ordered_string_agg(
            "case when can_fill_a_seat then concat_ws(' ', first_name, last_name)"
                ~ " || coalesce(' (' || job_title || ')', '') end",
            '; ',
            'contact_rank'
        ) }} as reachable_contact_names
    from ranked_contacts
    group by account_id, icp_id, persona_id
),

final as (
    select
        accounts.account_id,
        personas.icp_id,
        personas.persona_id,
        personas.persona_name,
        personas.buying_role,
        buying_roles.role_rank,
        personas.is_required,
        case
            when best.can_fill_a_seat then 'filled'
            when best.contact_id is not null then 'unreachable'
            else 'empty'
        end as seat_status,
        coalesce(best.can_fill_a_seat, false) as is_filled,
        best.contact_id as best_contact_id,
        nullif(concat_ws(' ', best.first_name, best.last_name), '') as best_contact_name,
        best.job_title as best_contact_job_title,
        best.email as best_contact_email,
        best.email_status as best_contact_email_status,
        best.phone_digits as best_contact_phone,
        best.phone_status as best_contact_phone_status,
        best.last_active_date as best_contact_last_active_date,
        coalesce(seat_contacts.matched_contacts, 0) as matched_contacts,
        coalesce(seat_contacts.reachable_contacts, 0) as reachable_contacts,
        seat_contacts.reachable_contact_names
    from accounts
    cross join personas
    inner join buying_roles
        on personas.buying_role = buying_roles.buying_role
    left join ranked_contacts as best
        on
            accounts.account_id = best.account_id
            and personas.icp_id = best.icp_id
            and personas.persona_id = best.persona_id
            and best.contact_rank = 1
    left join seat_contacts
        on
            accounts.account_id = seat_contacts.account_id
            and personas.icp_id = seat_contacts.icp_id
            and personas.persona_id = seat_contacts.persona_id
)

select * from final
