{#- The shared reference rows staging cleans firmographics with (industries, countries, free mail domains), as
    text: part of every ICP's grid version (int_grid__versions). -#}
with

final as (
    {{- seed_rows_as_text(
        ['industries', 'industry_aliases', 'countries', 'country_aliases', 'country_names', 'free_mail_domains'],
        is_keyed_by_icp=false,
    ) }}
)

select * from final
