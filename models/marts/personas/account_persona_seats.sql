with

seats as (
    select * from {{ ref('int_account_persona_seats__filled') }}
),

-- The tiered scores with their play: where each account stands, to read the seats of the accounts worked first.
tiered_scores as (
    select * from {{ ref('int_account_plays__assigned') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

final as (
    select
        seats.account_id,
        seats.icp_id,
        seats.persona_id,
        accounts.account_name,
        accounts.domain,
        tiered_scores.icp_grade,
        tiered_scores.icp_tier,
        tiered_scores.icp_rank,
        seats.persona_name,
        seats.buying_role,
        seats.role_rank,
        seats.is_required,
        seats.seat_status,
        seats.is_filled,
        seats.best_contact_id,
        seats.best_contact_name,
        seats.best_contact_job_title,
        seats.best_contact_email,
        seats.best_contact_email_status,
        seats.best_contact_phone,
        seats.best_contact_phone_status,
        seats.best_contact_last_active_date,
        seats.matched_contacts,
        seats.reachable_contacts,
        seats.reachable_contact_names,
        {{ scoring_date() }} as scoring_date
    from seats
    inner join accounts
        on seats.account_id = accounts.account_id
    inner join tiered_scores
        on seats.account_id = tiered_scores.account_id and seats.icp_id = tiered_scores.icp_id
)

select * from final
