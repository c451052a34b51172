with

criterion_points as (
    select * from {{ ref('int_account_criteria__points') }}
),

final as (
    select
        account_id,
        icp_id,
        -- Every criterion's points in one canonical text (criteria in alphabetical order), so a later run can
        -- tell which criteria moved a score: 'buying_intent=12.50|company_size=20.00|...'.
        {{ dbt.listagg(
            "criterion_id || '=' || cast(points_earned as varchar)",
            "'|'",
            "order by criterion_id",
        ) }} as criterion_points,
        -- The three criteria that earned the most, for people: 'industry: technology (+25); ...'.
        {{ dbt.listagg(
            "case when points_earned > 0 then criterion_id || coalesce(': ' || matched_value, '') || ' (+' || "
                ~ format_points('points_earned') ~ " || ')' end",
            "'; '",
            "order by points_earned desc, criterion_id asc",
            3,
        ) }} as top_reasons
    from criterion_points
    group by account_id, icp_id
)

select * from final
