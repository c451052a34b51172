{#- Every code of industry_codes with its canonical industry: the industry of the curated industry_code_sectors row
    whose code is its longest prefix in the code's hierarchy (docs/raw-data.md#industries). Codes left without an
    industry (a curated row without one, e.g. SIC 99) are not listed. -#}
with

industry_codes as (
    select * from {{ ref('industry_codes') }}
),

industry_code_sectors as (
    select * from {{ ref('industry_code_sectors') }}
),

-- The codes of the curated sector table placed in their hierarchy (`58.1` -> `J581`). NAF sub-classes sit in
-- the NACE tree, so a `nace` row also covers the NAF codes under it.
code_sector_keys as (
    select
        industry_codes.hierarchy_key,
        industry_code_sectors.industry,
        case when industry_codes.code_system = 'naf' then 'nace' else industry_codes.code_system end as code_family
    from industry_code_sectors
    inner join industry_codes
        on
            industry_code_sectors.code_system = industry_codes.code_system
            and industry_code_sectors.code = industry_codes.code
),

-- Each listed code takes the sector of the curated row with the longest key that starts its own key.
code_sector_candidates as (
    select
        industry_codes.code_system,
        industry_codes.code,
        industry_codes.code_digits,
        industry_codes.label_en,
        industry_codes.label_fr,
        code_sector_keys.industry,
        code_sector_keys.code_family,
        row_number() over (
            partition by industry_codes.code_system, industry_codes.code
            order by length(code_sector_keys.hierarchy_key) desc
        ) as prefix_rank
    from industry_codes
    inner join code_sector_keys
        on
            case when industry_codes.code_system = 'naf' then 'nace' else industry_codes.code_system end
            = code_sector_keys.code_family
            and {{ starts_with('industry_codes.hierarchy_key', 'code_sector_keys.hierarchy_key') }}
),

-- A curated row without a sector (e.g. SIC 99, nonclassifiable) leaves its codes without one.
final as (
    select
        code_system,
        code,
        code_digits,
        label_en,
        label_fr,
        industry,
        code_family
    from code_sector_candidates
    where prefix_rank = 1 and industry is not null
)

select * from final
