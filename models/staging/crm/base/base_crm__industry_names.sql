{#- Every name that means a canonical industry, with the rule it comes from, the strongest kept per name
    (docs/raw-data.md#industries): the analysts' aliases, the canonical ids and English and French names, the
    official labels of the codes (when every code carrying a label lands in one industry), HubSpot's and
    Salesforce's industry names. Names are keyed by text_words_key. -#}
with

industry_aliases as (
    select * from {{ ref('industry_aliases') }}
),

industries as (
    select * from {{ ref('industries') }}
),

code_sectors as (
    select * from {{ ref('base_crm__industry_codes') }}
),

industry_vendor_names as (
    select * from {{ ref('industry_vendor_names') }}
),

industry_vendor_name_sectors as (
    select * from {{ ref('industry_vendor_name_sectors') }}
),

official_labels as (
    select
        code_system,
        code,
        code_digits,
        industry,
        {{ text_words_key('label_en') }} as text_key
    from code_sectors
    where label_en is not null
    union all
    select
        code_system,
        code,
        code_digits,
        industry,
        {{ text_words_key('label_fr') }} as text_key
    from code_sectors
    where label_fr is not null
),

-- An official label names a sector only when every code carrying it lands in that one sector.
unambiguous_official_labels as (
    select text_key
    from official_labels
    group by text_key
    having count(distinct industry) = 1
),

-- The code reported for a label is its highest-level one (`Construction` -> NACE section F).
official_label_codes as (
    select
        official_labels.text_key,
        official_labels.industry,
        official_labels.code_system,
        official_labels.code,
        row_number() over (
            partition by official_labels.text_key
            order by
                length(official_labels.code_digits),
                official_labels.code_system,
                official_labels.code
        ) as code_rank
    from official_labels
    inner join unambiguous_official_labels
        on official_labels.text_key = unambiguous_official_labels.text_key
),

vendor_names as (
    select
        industry_vendor_names.vendor_value,
        industry_vendor_names.vendor_label,
        industry_vendor_name_sectors.industry
    from industry_vendor_names
    inner join industry_vendor_name_sectors
        on industry_vendor_names.vendor_label = industry_vendor_name_sectors.vendor_label
    where industry_vendor_name_sectors.industry is not null
),

-- Every name that means a sector, with its rule and the rule's rank (1 = strongest).
industry_names as (
    select
        industry,
        1 as rule_rank,
        'alias' as match_rule,
        null as code_system,
        null as code,
        {{ text_words_key('industry_alias') }} as text_key
    from industry_aliases
    union all
    select
        industry,
        2 as rule_rank,
        'canonical' as match_rule,
        null as code_system,
        null as code,
        {{ text_words_key('industry') }} as text_key
    from industries
    union all
    select
        industry,
        2 as rule_rank,
        'canonical' as match_rule,
        null as code_system,
        null as code,
        {{ text_words_key('industry_label') }} as text_key
    from industries
    union all
    select
        industry,
        2 as rule_rank,
        'canonical' as match_rule,
        null as code_system,
        null as code,
        {{ text_words_key('industry_label_fr') }} as text_key
    from industries
    union all
    select
        industry,
        3 as rule_rank,
        'official_label' as match_rule,
        code_system,
        code,
        text_key
    from official_label_codes
    where code_rank = 1
    union all
    select
        industry,
        4 as rule_rank,
        'vendor_name' as match_rule,
        null as code_system,
        null as code,
        {{ text_words_key('vendor_value') }} as text_key
    from vendor_names
    union all
    select
        industry,
        4 as rule_rank,
        'vendor_name' as match_rule,
        null as code_system,
        null as code,
        {{ text_words_key('vendor_label') }} as text_key
    from vendor_names
),

ranked_industry_names as (
    select
        industry_names.*,
        row_number() over (
            partition by industry_names.text_key
            order by industry_names.rule_rank, industry_names.industry
        ) as name_rank
    from industry_names
    where industry_names.text_key is not null
),

final as (
    select
        text_key,
        industry,
        match_rule,
        code_system,
        code
    from ranked_industry_names
    where name_rank = 1
)

select * from final
