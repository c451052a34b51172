{#- The shared reference rows staging cleans firmographics with (the industry vocabulary resolved from the industry
    seeds, countries, free mail domains), as text: part of every ICP's grid version (int_grid__versions). -#}
with

final as (
    {{- seed_rows_as_text(
        [
            'base_crm__industry_names', 'base_crm__industry_codes', 'countries', 'country_aliases', 'country_names',
            'free_mail_domains',
        ],
        is_keyed_by_icp=false,
    ) }}
)

select * from final
