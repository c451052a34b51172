{#- One row per distinct raw industry of the CRM export, with the canonical industry it maps to and how
    (docs/raw-data.md#industries): first its name against base_crm__industry_names, then a code written in it
    (NACE/NAF, SIC, NAICS) by its longest listed prefix in base_crm__industry_codes. stg_crm__accounts joins it
    back to the rows, so each spelling is matched once however many rows carry it. -#}
{#- How bare digits read as an industry code (auto, nace, sic or naics): dbt_project.yml, var industry_code_system. -#}
{%- set industry_code_system = var('industry_code_system') -%}
{%- if industry_code_system not in ['auto', 'nace', 'sic', 'naics'] -%}
    {{ exceptions.raise_compiler_error(
        "var industry_code_system is '" ~ industry_code_system ~ "': set it to auto, nace, sic or naics "
        ~ "(dbt_project.yml or --vars)."
    ) }}
{%- endif %}

with

source as (
    select * from {{ source('crm', 'accounts') }}
),

industry_name_lookup as (
    select * from {{ ref('base_crm__industry_names') }}
),

code_sectors as (
    select * from {{ ref('base_crm__industry_codes') }}
),

distinct_industry_spellings as (
    select distinct industry as industry_raw
    from source
    where nullif(trim(industry), '') is not null
),

industry_spellings as (
    select
        industry_raw,
        {{ text_words_key('industry_raw') }} as text_key,
        upper(trim({{ regexp_replace_all('industry_raw', '\\s+', ' ') }})) as code_text
    from distinct_industry_spellings
),

industry_code_texts as (
    select
        industry_raw,
        {{ industry_code_parts('code_text', 'code') }} as code_written,
        lower({{ industry_code_parts('code_text', 'system') }}) as system_word
    from industry_spellings
),

-- The written code's digits (`62.01.00` -> `6201`, `62.01Z` -> `6201Z`): a dot or a letter makes it NACE/NAF;
-- bare digits are read as the word before them says, else as the industry_code_system variable says.
industry_code_tokens as (
    select
        industry_raw,
        case
            when code_written like '%.%'
                then
                    {{ dbt.split_part('code_written', "'.'", 1) }}
                    || {{ dbt.split_part('code_written', "'.'", 2) }}
            else code_written
        end as code_digits,
        case
            when code_written like '%.%' or upper(code_written) <> lower(code_written) then 'nace'
            when system_word in ('naf', 'ape', 'nace') then 'nace'
            when system_word in ('sic', 'naics') then system_word
            else '{{ industry_code_system }}'
        end as read_as
    from industry_code_texts
    where code_written <> ''
),

-- How a code can be read, best first (reading_rank). Under `auto`, 5 or 6 digits are NAICS and 2 to 4 digits
-- are tried as SIC, then as NACE without its dot; the exact listed code of either wins over a prefix.
industry_code_readings as (
    select
        industry_raw,
        'nace' as code_family,
        -- Bare digits beyond a class (`620100`, a national extension) keep the class's four.
        case
            when length(code_digits) > 4 and upper(code_digits) = lower(code_digits) then left(code_digits, 4)
            else code_digits
        end as code_digits,
        1 as reading_rank
    from industry_code_tokens
    where read_as = 'nace'
    union all
    select
        industry_raw,
        case when length(code_digits) >= 5 then 'naics' else 'sic' end as code_family,
        code_digits,
        1 as reading_rank
    from industry_code_tokens
    where read_as in ('sic', 'auto')
    union all
    select
        industry_raw,
        'naics' as code_family,
        code_digits,
        1 as reading_rank
    from industry_code_tokens
    where read_as = 'naics'
    union all
    select
        industry_raw,
        'nace' as code_family,
        code_digits,
        2 as reading_rank
    from industry_code_tokens
    where read_as = 'auto' and length(code_digits) <= 4
),

industry_code_matches as (
    select
        industry_code_readings.industry_raw,
        code_sectors.industry,
        code_sectors.code_system,
        code_sectors.code,
        row_number() over (
            partition by industry_code_readings.industry_raw
            order by
                (code_sectors.code_digits = industry_code_readings.code_digits) desc,
                industry_code_readings.reading_rank,
                length(code_sectors.code_digits) desc
        ) as match_rank
    from industry_code_readings
    inner join code_sectors
        on
            industry_code_readings.code_family = code_sectors.code_family
            and {{ starts_with('industry_code_readings.code_digits', 'code_sectors.code_digits') }}
),

final as (
    select
        industry_spellings.industry_raw,
        coalesce(industry_name_lookup.industry, industry_code_matches.industry) as industry,
        case
            when industry_name_lookup.industry is not null then industry_name_lookup.match_rule
            when industry_code_matches.industry is not null then 'code'
        end as industry_match_rule,
        case
            when industry_name_lookup.industry is not null then industry_name_lookup.code_system
            else industry_code_matches.code_system
        end as industry_code_system,
        case
            when industry_name_lookup.industry is not null then industry_name_lookup.code
            else industry_code_matches.code
        end as industry_code
    from industry_spellings
    left join industry_name_lookup
        on industry_spellings.text_key = industry_name_lookup.text_key
    left join industry_code_matches
        on
            industry_spellings.industry_raw = industry_code_matches.industry_raw
            and industry_code_matches.match_rank = 1
)

select * from final
