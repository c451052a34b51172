{#- One row per account and ICP with personas: how complete its buying committee is. Completeness is the share of
    the required seats that are filled (null when the ICP requires none); the empty required seats are listed in
    the order of their buying role. The coverage level: `complete` (every required seat filled), `partial`,
    `none` (no required seat filled), `no_required_seats`. -#}
with

seats as (
    select * from {{ ref('int_account_persona_seats__filled') }}
),

counted as (
    select
        account_id,
        icp_id,
        count(case when is_filled then 1 end) as filled_seats,
        count(case when is_required then 1 end) as required_seats,
        count(case when is_required and is_filled then 1 end) as filled_required_seats,
        {{ ordered_string_agg('persona_name', ', ', 'role_rank, persona_id', 'is_required and not is_filled') }}
            as empty_required_seats,
        {{ first_in_order('persona_name', ['role_rank', 'persona_id'], 'is_required and not is_filled') }}
            as first_empty_required_seat
    from seats
    group by account_id, icp_id
),

final as (
    select
        account_id,
        icp_id,
        filled_seats,
        required_seats,
        filled_required_seats,
        cast({{ round_decimal(divide('filled_required_seats', 'nullif(required_seats, 0)'), 4) }} as decimal(5, 4))
            as committee_completeness,
        case
            when required_seats = 0 then 'no_required_seats'
            when filled_required_seats = required_seats then 'complete'
            when filled_required_seats = 0 then 'none'
            else 'partial'
        end as committee_coverage,
        empty_required_seats,
        first_empty_required_seat
    from counted
)

select * from final
