{#- The shared reference rows staging cleans the feeds with (technologies, intent signal types, and the public
    suffixes that key the feed rows and the accounts they meet), as text: part of every ICP's grid version
    (int_grid__versions). -#}
with

final as (
    {{- seed_rows_as_text(
        [
            'technologies', 'technology_aliases', 'intent_signal_types', 'intent_signal_type_aliases',
            'public_suffixes',
        ],
        is_keyed_by_icp=false,
    ) }}
)

select * from final
