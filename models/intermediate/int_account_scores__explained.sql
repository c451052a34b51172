with

criterion_points as (
    select * from {{ ref('int_account_criteria__points') }}
),

final as (
    {{ explain_criterion_points('criterion_points') }}
)

select * from final
