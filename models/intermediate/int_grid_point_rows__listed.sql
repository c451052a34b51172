{#- The grid rows that set an ICP's points, as text: part of its grid version (int_grid__versions). -#}
with

final as (
    {{- seed_rows_as_text(
        [
            'icp_criteria', 'icp_criterion_value_points', 'icp_criterion_band_points', 'icp_intent_signal_points',
            'icp_pillar_weights', 'icp_criterion_weights',
        ],
        is_keyed_by_icp=true,
    ) }}
)

select * from final
