-- Each row of the curated industry_code_sectors names a code industry_codes lists: a typo (`62.1`, `sic 7327`)
-- would otherwise map nothing, silently.

with

industry_code_sectors as (
    select * from {{ ref('industry_code_sectors') }}
),

industry_codes as (
    select * from {{ ref('industry_codes') }}
),

final as (
    select
        industry_code_sectors.code_system,
        industry_code_sectors.code,
        'seeds/reference/industry_code_sectors.csv: ' || industry_code_sectors.code_system || ' code "'
        || industry_code_sectors.code || '" is not a code of seeds/reference/industry_codes.csv. Write it as the '
        || 'standard does (NACE `58.1`, `J`; SIC `737`; NAICS `5415`) or delete the row.' as failure_reason
    from industry_code_sectors
    left join industry_codes
        on
            industry_code_sectors.code_system = industry_codes.code_system
            and industry_code_sectors.code = industry_codes.code
    where industry_codes.code is null
)

select * from final
