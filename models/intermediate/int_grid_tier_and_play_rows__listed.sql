{#- The grid rows that set an ICP's grades, tiers (capacities, knock-outs) and plays, as text: part of its grid
    version (int_grid__versions). -#}
with

final as (
    {{- seed_rows_as_text(
        ['icp_grade_bands', 'icp_tier_capacities', 'icp_engagement_levels', 'icp_plays', 'icp_knockouts'],
        is_keyed_by_icp=true,
    ) }}
)

select * from final
