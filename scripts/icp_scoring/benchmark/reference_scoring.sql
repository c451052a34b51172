-- The benchmark's reference: the project's cleaning and scoring of marts.account_scores, hand-written as ONE
-- DuckDB query over the same landed raw files (Parquet, as `icp land` lands the CSVs for dbt)
-- and the same seed CSV files. `icp benchmark` times it
-- next to `dbt build` and checks that it gives the project's scores row for row, so it must follow the models
-- exactly (domain normalisation and registrable domains, alias maps, number parsing, revenue currencies,
-- duplicate survivor, website verdicts, technology matching, intent decay and caps, fixed-point rounding,
-- completeness, grades, tier capacities, ranks). It reads dates and headcounts in the forms the generator
-- writes (ISO dates and timestamps, `1,200`, `51-200`, `10k`); the other local forms the models read
-- (DD/MM/YYYY, offsets, decimal commas) are checked by the models' unit tests, not here.
-- It is written for speed where that changes nothing: every file is read once and streamed (technographics'
-- detection dates once more), the big feeds are
-- reduced to per-account sums on the way (on a small integer key per account), and feed values spelled exactly
-- like a clean value are matched as they are, without the regular expressions of the full cleaning.
--
-- Prepared-statement parameters:
--   $landed_dir            folder of crm_accounts.parquet, technographics.parquet, intent_signals*.parquet
--   $grid_dir              folder of the scoring grid seeds (seeds/scoring_grid)
--   $reference_dir         folder of the alias and reference seeds (seeds/reference)
--   $scoring_date          the as-of date, YYYY-MM-DD
--   $min_data_completeness the share of fit points with data below which an account is not scored
--   $industry_code_system  how bare digits in an industry read: auto, nace, sic or naics
--   $grid_currency         the currency revenue is converted to (var grid_currency)
--   $default_currency      the currency of an amount written without one (var default_currency, or the grid's)
-- Function: icp_host_to_ascii(varchar), the project's IDNA encoding (icp_scoring.domains.register).
-- Output: one row per account and ICP with the columns of marts.account_scores it reproduces.

with

-- Landed raw files, read as the dbt sources read them: every column as text.
crm_source as (
    select
        account_id,
        account_name,
        website,
        industry,
        employees,
        annual_revenue,
        country,
        created_date,
        last_modified_at
    from read_parquet($landed_dir || '/crm_accounts.parquet')
),

-- The two feeds as one stream: a domain, a value of a vocabulary (technology or signal type) and a time.
feed_source as (
    select
        'technology' as vocabulary,
        domain,
        technology as raw_value,
        null as occurred_at
    from read_parquet($landed_dir || '/technographics.parquet')
    union all
    select
        'signal_type' as vocabulary,
        domain,
        signal_type as raw_value,
        occurred_at
    from read_parquet($landed_dir || '/intent_signals*.parquet')  -- the history and any daily deliveries
),

-- Seeds, read with the CSV dialect of macros/duckdb__load_csv_rows.sql and typed as in their properties files.
icp_profiles as (
    select icp_id
    from read_csv(
            $grid_dir || '/icp_profiles.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

criteria as (
    select
        icp_id,
        criterion_id,
        pillar,
        account_attribute,
        cast(max_points as decimal(7, 2)) as max_points
    from read_csv(
            $grid_dir || '/icp_criteria.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

value_points as (
    select
        icp_id,
        criterion_id,
        matched_value,
        cast(points as decimal(7, 2)) as points
    from read_csv(
            $grid_dir || '/icp_criterion_value_points.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

band_points as (
    select
        icp_id,
        criterion_id,
        cast(lower_bound as decimal(18, 2)) as lower_bound,
        cast(upper_bound as decimal(18, 2)) as upper_bound,
        cast(points as decimal(7, 2)) as points
    from read_csv(
            $grid_dir || '/icp_criterion_band_points.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

signal_points as (
    select
        icp_id,
        criterion_id,
        signal_type,
        cast(points as decimal(7, 2)) as points,
        cast(nullif(half_life_days, '') as decimal(7, 2)) as half_life_days,
        cast(max_points as decimal(7, 2)) as max_points,
        cast(nullif(floor_points, '') as decimal(7, 2)) as floor_points,
        cast(nullif(max_age_days, '') as integer) as max_age_days
    from read_csv(
            $grid_dir || '/icp_intent_signal_points.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

grade_bands as (
    select
        icp_id,
        icp_grade,
        cast(min_score as decimal(5, 2)) as min_score,
        cast(max_score as decimal(5, 2)) as max_score,
        cast(icp_tier as integer) as icp_tier
    from read_csv(
            $grid_dir || '/icp_grade_bands.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

pillar_weights as (
    select
        icp_id,
        pillar,
        cast(pillar_weight as decimal(5, 4)) as pillar_weight
    from read_csv(
            $grid_dir || '/icp_pillar_weights.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

criterion_weights as (
    select
        icp_id,
        criterion_id,
        cast(criterion_weight as decimal(5, 4)) as criterion_weight
    from read_csv(
            $grid_dir || '/icp_criterion_weights.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

-- A weighted ICP's criteria (pillar or criterion weights, one of the two per ICP), with the weight in
-- ten-thousandths and the max_points it is scaled over in hundredths (the pillar's total, or its own).
weight_scales as (
    select
        criteria.icp_id,
        criteria.criterion_id,
        cast(round(pillar_weights.pillar_weight * 10000) as bigint) as weight_ten_thousandths,
        cast(round(sum(criteria.max_points) over (partition by criteria.icp_id, criteria.pillar) * 100) as bigint)
            as scale_max_hundredths
    from criteria
    inner join pillar_weights
        on criteria.icp_id = pillar_weights.icp_id and criteria.pillar = pillar_weights.pillar
    union all
    select
        criteria.icp_id,
        criteria.criterion_id,
        cast(round(criterion_weights.criterion_weight * 10000) as bigint) as weight_ten_thousandths,
        cast(round(criteria.max_points * 100) as bigint) as scale_max_hundredths
    from criteria
    inner join criterion_weights
        on criteria.icp_id = criterion_weights.icp_id and criteria.criterion_id = criterion_weights.criterion_id
),

tier_capacities as (
    select
        icp_id,
        max(case when cast(icp_tier as integer) = 1 then cast(max_accounts as integer) end) as tier_1_capacity,
        max(case when cast(icp_tier as integer) = 2 then cast(max_accounts as integer) end) as tier_2_capacity
    from read_csv(
            $grid_dir || '/icp_tier_capacities.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    group by icp_id
),

free_mail_domains as (
    select free_mail_domain
    from read_csv(
            $reference_dir || '/free_mail_domains.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

-- The Public Suffix List's rules: `co.uk` (normal), `ck` (wildcard: every label under it), `www.ck` (exception).
public_suffixes as (
    select
        public_suffix,
        public_suffix_rule_kind
    from read_csv(
            $reference_dir || '/public_suffixes.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

-- The region criterion's values: the groups each country is in (Germany: dach, emea, eu...).
country_group_members as (
    select
        country_group,
        country_code
    from read_csv(
            $reference_dir || '/country_group_members.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

-- Exchange rates (units per euro) and every spelling of a currency: its code and its aliases.
currency_rates as (
    select
        currency_code,
        cast(units_per_euro as double) as units_per_euro,
        currency_symbols
    from read_csv(
            $reference_dir || '/currency_rates.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

currency_symbols as (
    select
        currency_code,
        unnest(string_split(trim(coalesce(currency_symbols, '')), ' ')) as currency_symbol
    from currency_rates
),

currency_spellings as (
    select
        lower(currency_symbol) as spelling,
        currency_code
    from currency_symbols
    where currency_symbol != ''
    union
    select
        lower(currency_code) as spelling,
        currency_code
    from currency_rates
),

-- The same, and the empty text: no currency written after the unit (`2.5m`).
currency_spellings_or_none as (
    select
        '' as spelling,
        null as currency_code
    union all
    select
        spelling,
        currency_code
    from currency_spellings
),

-- Every accepted spelling of the other vocabularies (industries have their own map below): their aliases,
-- canonical ids and labels.
spellings as (
    select
        'country' as vocabulary,
        country_alias as spelling,
        country_code as canonical_value
    from read_csv(
            $reference_dir || '/country_aliases.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    -- The generated names of countries, but those the hand-maintained aliases also list (theirs win).
    select
        'country' as vocabulary,
        country_names.country_alias as spelling,
        country_names.country_code as canonical_value
    from read_csv(
            $reference_dir || '/country_names.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        ) as country_names
    where not exists (
            select 1
            from read_csv(
                    $reference_dir || '/country_aliases.csv',
                    header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
                ) as hand_aliases
            where
                lower(
                    trim(
                        regexp_replace(
                            strip_accents(translate(hand_aliases.country_alias, '’‘ʼ', '''''''')), '\s+', ' ', 'g'
                        )
                    )
                )
                = lower(
                    trim(
                        regexp_replace(
                            strip_accents(translate(country_names.country_alias, '’‘ʼ', '''''''')), '\s+', ' ', 'g'
                        )
                    )
                )
        )
    union all
    select
        'country' as vocabulary,
        country_code as spelling,
        country_code as canonical_value
    from read_csv(
            $reference_dir || '/countries.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'country' as vocabulary,
        country_name as spelling,
        country_code as canonical_value
    from read_csv(
            $reference_dir || '/countries.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'technology' as vocabulary,
        technology_alias as spelling,
        technology as canonical_value
    from read_csv(
            $reference_dir || '/technology_aliases.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'technology' as vocabulary,
        technology as spelling,
        technology as canonical_value
    from read_csv(
            $reference_dir || '/technologies.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'technology' as vocabulary,
        technology_label as spelling,
        technology as canonical_value
    from read_csv(
            $reference_dir || '/technologies.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'signal_type' as vocabulary,
        signal_type_alias as spelling,
        signal_type as canonical_value
    from read_csv(
            $reference_dir || '/intent_signal_type_aliases.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'signal_type' as vocabulary,
        signal_type as spelling,
        signal_type as canonical_value
    from read_csv(
            $reference_dir || '/intent_signal_types.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        'signal_type' as vocabulary,
        signal_type_label as spelling,
        signal_type as canonical_value
    from read_csv(
            $reference_dir || '/intent_signal_types.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

-- Industries (docs/raw-data.md#industries). A raw industry maps by its name first: the analysts' aliases, then
-- the canonical ids and English and French names, then an official code label naming one sector only, then a
-- HubSpot or Salesforce industry name; names compare with accents, case, punctuation and the joining words
-- and / et / & left out. Else by a code written in it (NACE/NAF, SIC, NAICS), through the curated sector of
-- its longest listed prefix.
industry_codes as (
    select
        code_system,
        code,
        code_digits,
        hierarchy_key,
        label_en,
        label_fr,
        case when code_system = 'naf' then 'nace' else code_system end as code_family
    from read_csv(
            $reference_dir || '/industry_codes.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
),

-- The curated sectors, placed in the code hierarchy.
curated_sector_keys as (
    select
        industry_codes.code_family,
        industry_codes.hierarchy_key,
        nullif(trim(curated.industry), '') as industry
    from read_csv(
            $reference_dir || '/industry_code_sectors.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        ) as curated
    inner join industry_codes
        on curated.code_system = industry_codes.code_system and curated.code = industry_codes.code
),

-- Every listed code with the sector of its deepest curated ancestor (itself included); none when that
-- ancestor has no sector.
coded_sectors as (
    select
        industry_codes.code_system,
        industry_codes.code_family,
        industry_codes.code_digits,
        industry_codes.label_en,
        industry_codes.label_fr,
        arg_max(curated_sector_keys.industry, length(curated_sector_keys.hierarchy_key)) as industry
    from industry_codes
    inner join curated_sector_keys
        on
            industry_codes.code_family = curated_sector_keys.code_family
            and starts_with(industry_codes.hierarchy_key, curated_sector_keys.hierarchy_key)
    group by all
    having arg_max(curated_sector_keys.industry, length(curated_sector_keys.hierarchy_key)) is not null
),

-- Names that mean a sector, with the strength of their rule (1 strongest).
industry_name_candidates as (
    select
        industry_alias as industry_name,
        industry,
        1 as rule_rank
    from read_csv(
            $reference_dir || '/industry_aliases.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        unnest([industry, industry_label, industry_label_fr]) as industry_name,
        industry,
        2 as rule_rank
    from read_csv(
            $reference_dir || '/industries.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        )
    union all
    select
        vendor_names.vendor_name as industry_name,
        vendor_sectors.industry,
        4 as rule_rank
    from (
        select
            vendor_label,
            unnest([vendor_value, vendor_label]) as vendor_name
        from read_csv(
                $reference_dir || '/industry_vendor_names.csv',
                header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
            )
    ) as vendor_names
    inner join
        read_csv(
            $reference_dir || '/industry_vendor_name_sectors.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = false
        ) as vendor_sectors
        on vendor_names.vendor_label = vendor_sectors.vendor_label
    where nullif(trim(vendor_sectors.industry), '') is not null
),

-- Every text an industry is matched on by name (the names above, the official labels, the distinct raw
-- industries), each with its comparison key, computed once: accents folded, lower case, each run of other
-- characters one space, the words and / et dropped.
industry_texts as (
    select
        text_kind,
        industry,
        rule_rank,
        industry_text,
        nullif(
            trim(
                regexp_replace(
                    regexp_replace(
                        ' ' || regexp_replace(lower(strip_accents(industry_text)), '[^a-z0-9]+', ' ', 'g') || ' ',
                        ' (and|et)(?: (and|et))* ', ' ', 'g'
                    ),
                    '\s+', ' ', 'g'
                )
            ),
            ''
        ) as name_key
    from (
        select
            'name' as text_kind,
            industry,
            rule_rank,
            industry_name as industry_text
        from industry_name_candidates
        union all
        select
            'official_label' as text_kind,
            coded_sectors.industry,
            3 as rule_rank,
            labels.label as industry_text
        from coded_sectors, unnest([coded_sectors.label_en, coded_sectors.label_fr]) as labels (label)
        where labels.label is not null
        union all
        select distinct
            'raw' as text_kind,
            null as industry,
            null as rule_rank,
            industry as industry_text
        from crm_source
        where nullif(trim(industry), '') is not null
    ) as matched_texts
),

industry_name_keys as (
    select
        industry,
        rule_rank,
        name_key
    from industry_texts
    where text_kind = 'name'
    union all
    -- An official label counts when every code carrying it lands in the same sector (rule 3).
    select
        min(industry) as industry,
        3 as rule_rank,
        name_key
    from industry_texts
    where text_kind = 'official_label'
    group by name_key
    having count(distinct industry) = 1
),

-- The sector of each name key: the strongest rule, then the first sector id.
industry_name_map as (
    select
        name_key,
        arg_min(industry, [cast(rule_rank as varchar), industry]) as industry
    from industry_name_keys
    where name_key is not null
    group by name_key
),

-- Each distinct raw industry: its name key, and the code written in it (alone; before a dash or colon and a
-- word; a dotted or lettered code before a word; or in brackets closing it), with the system a word before
-- the code names (NAF, APE, NACE, SIC, NAICS).
raw_industries as (
    select
        industry_raw,
        name_key,
        -- The code forms, as (system word, code); a form that does not match gives empty strings.
        [
            regexp_extract(
                code_text,
                '^(?:CODE\s+)?(?:(NAF|APE|NACE|SIC|NAICS)(?:\s*R[EÉ]V\.?\s*2)?'
                '(?:\s*(?:2022|2017|2008|1987))?(?:\s*CODE)?\s*[:#]?\s*)?'
                '(\d{2}\.\d{1,2}(?:\.\d{1,2})?[A-Z]?|\d{4}[A-Z]|\d{2,6})$',
                ['system', 'code']
            ),
            regexp_extract(
                code_text,
                '^(?:CODE\s+)?(?:(NAF|APE|NACE|SIC|NAICS)(?:\s*R[EÉ]V\.?\s*2)?'
                '(?:\s*(?:2022|2017|2008|1987))?(?:\s*CODE)?\s*[:#]?\s*)?'
                '(\d{2}\.\d{1,2}(?:\.\d{1,2})?[A-Z]?|\d{4}[A-Z]|\d{2,6})\s*[-–—:]\s*[^\s\d].*$',
                ['system', 'code']
            ),
            regexp_extract(
                code_text,
                '^(?:CODE\s+)?(?:(NAF|APE|NACE|SIC|NAICS)(?:\s*R[EÉ]V\.?\s*2)?'
                '(?:\s*(?:2022|2017|2008|1987))?(?:\s*CODE)?\s*[:#]?\s*)?'
                '(\d{2}\.\d{1,2}(?:\.\d{1,2})?[A-Z]?|\d{4}[A-Z])\s+[^\s\d].*$',
                ['system', 'code']
            ),
            regexp_extract(
                code_text,
                '^[^(]*[^\s(]\s*\(\s*'
                '(?:CODE\s+)?(?:(NAF|APE|NACE|SIC|NAICS)(?:\s*R[EÉ]V\.?\s*2)?'
                '(?:\s*(?:2022|2017|2008|1987))?(?:\s*CODE)?\s*[:#]?\s*)?'
                '(\d{2}\.\d{1,2}(?:\.\d{1,2})?[A-Z]?|\d{4}[A-Z]|\d{2,6})\s*\)$',
                ['system', 'code']
            )
        ] as code_forms
    from (
        select
            industry_text as industry_raw,
            name_key,
            upper(trim(regexp_replace(industry_text, '\s+', ' ', 'g'))) as code_text
        from industry_texts
        where text_kind = 'raw'
    ) as raw_texts
),

raw_industry_codes as (
    select
        industry_raw,
        lower(struct_extract(code_form, 'system')) as system_word,
        struct_extract(code_form, 'code') as code_written,
        -- `62.01Z` -> `6201Z`, `62.01.00` -> `6201`: the first two dotted parts.
        case
            when contains(struct_extract(code_form, 'code'), '.')
                then
                    split_part(struct_extract(code_form, 'code'), '.', 1)
                    || split_part(struct_extract(code_form, 'code'), '.', 2)
            else struct_extract(code_form, 'code')
        end as code_digits
    from (
        select
            raw_industries.industry_raw,
            case
                when struct_extract(raw_industries.code_forms[1], 'code') != '' then raw_industries.code_forms[1]
                when struct_extract(raw_industries.code_forms[2], 'code') != '' then raw_industries.code_forms[2]
                when struct_extract(raw_industries.code_forms[3], 'code') != '' then raw_industries.code_forms[3]
                when struct_extract(raw_industries.code_forms[4], 'code') != '' then raw_industries.code_forms[4]
            end as code_form
        from raw_industries
    ) as first_code_forms
    where code_form is not null
),

-- How a code is read, best first: a dot or a letter makes it NACE/NAF, else the word before it, else
-- $industry_code_system; under `auto`, 5-6 digits are NAICS, 2-4 digits SIC, then NACE without its dot.
raw_industry_readings as (
    select
        read_codes.industry_raw,
        struct_extract(readings.reading, 'family') as code_family,
        struct_extract(readings.reading, 'digits') as code_digits,
        struct_extract(readings.reading, 'reading_rank') as reading_rank
    from (
        select
            industry_raw,
            code_digits,
            case
                when contains(code_written, '.') or regexp_matches(code_written, '[A-Z]') then 'nace'
                when system_word in ('naf', 'ape', 'nace') then 'nace'
                when system_word in ('sic', 'naics') then system_word
                else $industry_code_system
            end as read_as
        from raw_industry_codes
    ) as read_codes,
        unnest(
            case read_codes.read_as
                when 'nace'
                    then [{
                            'family': 'nace',
                            'digits': case
                                when length(code_digits) > 4 and regexp_matches(code_digits, '^\d+$')
                                    then left(code_digits, 4)
                                else code_digits
                            end,
                            'reading_rank': 1
                        }]
                when 'naics' then [{ 'family': 'naics', 'digits': code_digits, 'reading_rank': 1 }]
                when 'sic'
                    then [{
                            'family': case when length(code_digits) >= 5 then 'naics' else 'sic' end,
                            'digits': code_digits,
                            'reading_rank': 1
                        }]
                else list_concat(
                        [{
                            'family': case when length(code_digits) >= 5 then 'naics' else 'sic' end,
                            'digits': code_digits,
                            'reading_rank': 1
                        }],
                        case
                            when length(code_digits) <= 4
                                then [{ 'family': 'nace', 'digits': code_digits, 'reading_rank': 2 }]
                            else []
                        end
                    )
            end
        ) as readings (reading)
),

-- A code's sector: an exact listed code first, then the best reading, then the longest listed prefix.
raw_industry_code_map as (
    select
        raw_industry_readings.industry_raw,
        arg_min(
            coded_sectors.industry,
            [
                cast((coded_sectors.code_digits != raw_industry_readings.code_digits) as int),
                raw_industry_readings.reading_rank,
                -length(coded_sectors.code_digits)
            ]
        ) as industry
    from raw_industry_readings
    inner join coded_sectors
        on
            raw_industry_readings.code_family = coded_sectors.code_family
            and starts_with(raw_industry_readings.code_digits, coded_sectors.code_digits)
    group by raw_industry_readings.industry_raw
),

industry_map as (
    select
        raw_industries.industry_raw,
        coalesce(industry_name_map.industry, raw_industry_code_map.industry) as industry
    from raw_industries
    left join industry_name_map on raw_industries.name_key = industry_name_map.name_key
    left join raw_industry_code_map on raw_industries.industry_raw = raw_industry_code_map.industry_raw
),

-- Free text matches a spelling when both are equal without accents, with typographic apostrophes as the
-- plain one, trimmed, in lower case, with white space runs as one space.
lookup as (
    select distinct
        vocabulary,
        nullif(lower(trim(regexp_replace(strip_accents(translate(spelling, '’‘ʼ', '''''''')), '\s+', ' ', 'g'))), '')
            as lookup_key,
        canonical_value
    from spellings
),

-- CRM records: websites to hosts and verdicts, numbers parsed, vocabularies mapped.
crm_cleaned as (
    select
        nullif(trim(crm_source.account_id), '') as account_id,
        crm_source.website,
        try_cast(nullif(trim(crm_source.created_date), '') as date) as created_date,
        try_cast(nullif(trim(crm_source.last_modified_at), '') as timestamp) as last_modified_at,
        md5(
            concat_ws(
                '|', crm_source.account_id, crm_source.account_name, crm_source.website, crm_source.industry,
                crm_source.employees, crm_source.annual_revenue, crm_source.country, crm_source.created_date,
                crm_source.last_modified_at
            )
        ) as record_hash,
        nullif(
            rtrim(
                regexp_replace(
                    regexp_replace(lower(trim(crm_source.website)), '^[a-z][a-z0-9+.-]*://', ''),
                    '^www[0-9]*\.|[/?#:].*$', '', 'g'
                ),
                '.'
            ),
            ''
        ) as website_host,
        nullif(lower(regexp_replace(trim(crm_source.employees), '[\s,]', '', 'g')), '') as employees_text,
        -- Revenue text: lower case, no spaces of any kind, the `,-` of whole amounts dropped.
        nullif(
            regexp_replace(
                lower(
                    regexp_replace(crm_source.annual_revenue, '[\s\x{00A0}\x{202F}\x{2009}\x{2007}]', '', 'g')
                ),
                '([0-9])[.,][-–]', '\1', 'g'
            ),
            ''
        ) as revenue_text,
        industry_map.industry,
        country_lookup.canonical_value as country_code,
        -- A raw value that is not blank and maps to nothing (a grid's `(unmapped)` row scores it).
        nullif(trim(regexp_replace(crm_source.industry, '\s+', ' ', 'g')), '') is not null
        and industry_map.industry is null as is_industry_unmapped,
        nullif(trim(regexp_replace(crm_source.country, '\s+', ' ', 'g')), '') is not null
        and country_lookup.canonical_value is null as is_country_unmapped
    from crm_source
    left join industry_map
        on crm_source.industry = industry_map.industry_raw
    left join lookup as country_lookup
        on
            country_lookup.vocabulary = 'country'
            and nullif(
                lower(
                    trim(regexp_replace(strip_accents(translate(crm_source.country, '’‘ʼ', '''''''')), '\s+', ' ', 'g'))
                ),
                ''
            )
            = country_lookup.lookup_key
),

-- Revenue split around its one number: the currency before it (and a minus sign), the unit and currency after.
crm_split as (
    select
        crm_cleaned.*,
        regexp_extract(crm_cleaned.revenue_text, '^([^0-9]*)[0-9][0-9.,''’]*([^0-9]*)$', 1) as revenue_prefix,
        regexp_replace(
            regexp_extract(crm_cleaned.revenue_text, '^[^0-9]*([0-9][0-9.,''’]*)[^0-9]*$', 1), '[''’]', '', 'g'
        ) as revenue_digits,
        regexp_extract(crm_cleaned.revenue_text, '^[^0-9]*[0-9][0-9.,''’]*([^0-9]*)$', 1) as revenue_suffix,
        regexp_extract(
            regexp_extract(crm_cleaned.revenue_text, '^[^0-9]*[0-9][0-9.,''’]*([^0-9]*)$', 1),
            '^(mrd|mds|mld|mln|mio|tsd|mm|mn|md|bn|k|m|b)\.?', 0
        ) as revenue_unit
    from crm_cleaned
),

-- Its currency: the text around the number when it is a currency (`mxn`), else that text less the unit (`$` of
-- `$2.5m`), else none written (the default currency); the revenue is converted to the grid's currency.
crm_currency as (
    select
        crm_split.*,
        case
            when whole_currency.currency_code is not null then ''
            else crm_split.revenue_unit
        end as revenue_unit_used,
        case
            when replace(crm_split.revenue_prefix, '-', '') || crm_split.revenue_suffix = '' then $default_currency
            when whole_currency.currency_code is not null then whole_currency.currency_code
            when crm_split.revenue_unit != '' and unit_currency.spelling = '' then $default_currency
            when crm_split.revenue_unit != '' then unit_currency.currency_code
        end as revenue_currency
    from crm_split
    left join currency_spellings as whole_currency
        on replace(crm_split.revenue_prefix, '-', '') || crm_split.revenue_suffix = whole_currency.spelling
    left join currency_spellings_or_none as unit_currency
        on
            replace(crm_split.revenue_prefix, '-', '')
            || substr(crm_split.revenue_suffix, length(crm_split.revenue_unit) + 1)
            = unit_currency.spelling
),

-- What one unit of the revenue's currency is worth in the grid's (null for a currency without a rate).
crm_rated as (
    select
        crm_currency.*,
        case
            when crm_currency.revenue_currency = $grid_currency then 1
            else grid_rate.units_per_euro / revenue_rate.units_per_euro
        end as revenue_rate_to_grid
    from crm_currency
    left join currency_rates as revenue_rate
        on crm_currency.revenue_currency = revenue_rate.currency_code
    left join currency_rates as grid_rate
        on grid_rate.currency_code = $grid_currency
),

crm_parsed as (
    select
        account_id,
        created_date,
        last_modified_at,
        record_hash,
        website_host,
        industry,
        country_code,
        is_industry_unmapped,
        is_country_unmapped,
        -- Headcount: 150, 51-200 (midpoint, rounded down), 1000+, 10k, about 300; negative kept to be refused.
        case
            when regexp_full_match(employees_text, '-?[0-9]+') then try_cast(employees_text as bigint)
            when regexp_full_match(employees_text, '[0-9]+ ?- ?[0-9]+')
                then (
                    try_cast(regexp_extract(employees_text, '^([0-9]+)', 1) as bigint)
                    + try_cast(regexp_extract(employees_text, '([0-9]+)$', 1) as bigint)
                ) // 2
            when regexp_full_match(employees_text, '[0-9]+ ?\+')
                then try_cast(regexp_extract(employees_text, '^([0-9]+)', 1) as bigint)
            when regexp_full_match(employees_text, '[0-9]+(\.[0-9]+)? ?k')
                then cast(try_cast(regexp_extract(employees_text, '^([0-9.]+)', 1) as double) * 1000 as bigint)
            when regexp_full_match(employees_text, '(about|approx\.?|approximately|around|circa|~) ?[0-9]+')
                then try_cast(regexp_extract(employees_text, '([0-9]+)$', 1) as bigint)
        end as employees_number,
        -- Revenue: thousands in groups of three (both marks: the last is the decimal one), a single separator before
        -- three digits is thousands unless a unit follows, else decimal; times the unit; in the grid's currency.
        (case when revenue_prefix like '%-%' then -1 else 1 end)
        * case
            when regexp_full_match(revenue_digits, '[0-9]+') then try_cast(revenue_digits as double)
            when regexp_full_match(revenue_digits, '[0-9]{1,3}(\.[0-9]{3})+,[0-9]+')
                then try_cast(replace(replace(revenue_digits, '.', ''), ',', '.') as double)
            when regexp_full_match(revenue_digits, '[0-9]{1,3}(,[0-9]{3})+\.[0-9]+')
                then try_cast(replace(revenue_digits, ',', '') as double)
            when regexp_full_match(revenue_digits, '[0-9]{1,3}([.,][0-9]{3}){2,}')
                and not (revenue_digits like '%.%' and revenue_digits like '%,%')
                then try_cast(replace(replace(revenue_digits, '.', ''), ',', '') as double)
            when regexp_full_match(revenue_digits, '[1-9][0-9]{0,2}[.,][0-9]{3}') and revenue_unit_used = ''
                then try_cast(replace(replace(revenue_digits, '.', ''), ',', '') as double)
            when regexp_full_match(revenue_digits, '[0-9]+[.,][0-9]+')
                then try_cast(replace(revenue_digits, ',', '.') as double)
        end
        * case rtrim(revenue_unit_used, '.')
            when 'k' then 1e3 when 'tsd' then 1e3
            when 'm' then 1e6 when 'mm' then 1e6 when 'mn' then 1e6 when 'mln' then 1e6 when 'mio' then 1e6
            when 'b' then 1e9 when 'bn' then 1e9 when 'md' then 1e9 when 'mds' then 1e9 when 'mld' then 1e9
            when 'mrd' then 1e9
            else 1
        end
        * revenue_rate_to_grid as revenue_number
    from crm_rated
),

-- Keys: an account and its feed rows meet on the registrable domain of their host, in the ASCII form DNS uses
-- (icp_host_to_ascii, the one Python function, registered by the benchmark: `münchen.de` -> `xn--mnchen-3ya.de`).
-- A host with one dot is its own key; a valid host with two dots or more keys on its public suffix plus one
-- label. Each website host once, in ASCII:
crm_hosts as (
    select
        website_host,
        case
            when strlen(website_host) = length(website_host) and not contains(website_host, 'xn--') then website_host
            else icp_host_to_ascii(website_host)
        end as website_ascii
    from (
        select distinct website_host from crm_parsed
        where website_host is not null
    ) as distinct_hosts
),

-- Each raw feed domain that may key on something else than its cleaned host (two dots or more, or not plain
-- ASCII), once, with that host in ASCII; every other feed domain's key is its cleaned host.
feed_hosts as (
    select
        raw_domain,
        case
            when strlen(domain_host) = length(domain_host) and not contains(domain_host, 'xn--') then domain_host
            else icp_host_to_ascii(domain_host)
        end as domain_ascii
    from (
        select
            raw_domain,
            nullif(
                rtrim(
                    regexp_replace(
                        regexp_replace(lower(trim(raw_domain)), '^[a-z][a-z0-9+.-]*://', ''),
                        '^www[0-9]*\.|[/?#:].*$', '', 'g'
                    ),
                    '.'
                ),
                ''
            ) as domain_host
        from (
            select distinct domain as raw_domain from feed_source
            where domain like '%.%.%' or strlen(domain) != length(domain)
        ) as distinct_domains
    ) as cleaned_domains
),

-- The valid hosts of two dots or more, of both sides, split into labels.
hosts_to_key as (
    select
        host_name,
        string_split(host_name, '.') as labels,
        len(string_split(host_name, '.')) as label_count
    from (
        select website_ascii as host_name from crm_hosts
        union
        select domain_ascii as host_name from feed_hosts
    ) as candidate_hosts
    where
        host_name like '%.%.%'
        and regexp_full_match(host_name, '([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}|xn--[a-z0-9-]+)')
),

-- Every ending of each host_name (`blog.acme.co.uk`: uk, co.uk, acme.co.uk, blog.acme.co.uk) with the rule naming it.
host_endings as (
    select
        host_endings.host_name,
        host_endings.ending_label_count,
        public_suffixes.public_suffix_rule_kind
    from (
        select
            host_name,
            label_count - skipped as ending_label_count,
            array_to_string(list_slice(labels, skipped + 1, label_count), '.') as ending
        from (
            select
                host_name,
                labels,
                label_count,
                unnest(range(label_count)) as skipped
            from hosts_to_key
        ) as skips
    ) as host_endings
    inner join public_suffixes
        on host_endings.ending = public_suffixes.public_suffix
),

-- The public suffix's length in labels: an exception's parent, else the longest normal rule or wildcard rule
-- (plus the label under it), else the top-level domain; the key adds one label, none when the host_name is a suffix.
host_suffix_lengths as (
    select
        host_name,
        coalesce(
            max(case when public_suffix_rule_kind = 'exception' then ending_label_count - 1 end),
            greatest(
                max(
                    case public_suffix_rule_kind
                        when 'normal' then ending_label_count
                        when 'wildcard' then ending_label_count + 1
                    end
                ),
                1
            )
        ) as suffix_label_count
    from host_endings
    group by host_name
),

host_keys as (
    select
        hosts_to_key.host_name,
        case
            when hosts_to_key.label_count > suffix_lengths.suffix_label_count
                then array_to_string(
                        list_slice(
                            hosts_to_key.labels,
                            hosts_to_key.label_count - suffix_lengths.suffix_label_count,
                            hosts_to_key.label_count
                        ),
                        '.'
                    )
        end as registrable_domain
    from hosts_to_key
    left join host_suffix_lengths as suffix_lengths
        on hosts_to_key.host_name = suffix_lengths.host_name
),

crm_keyed as (
    select
        crm_parsed.*,
        crm_hosts.website_ascii,
        case
            when crm_hosts.website_ascii like '%.%.%' then host_keys.registrable_domain
            else crm_hosts.website_ascii
        end as website_key
    from crm_parsed
    left join crm_hosts
        on crm_parsed.website_host = crm_hosts.website_host
    left join host_keys
        on crm_hosts.website_ascii = host_keys.host_name
),

crm_judged as (
    select
        crm_keyed.*,
        case
            when crm_keyed.website_host is null then 'missing'
            when crm_keyed.website_host like '%@%' then 'email_address'
            when regexp_full_match(crm_keyed.website_host, '[0-9]{1,3}(\.[0-9]{1,3}){3}') then 'ip_address'
            when
                not coalesce(
                    regexp_full_match(
                        crm_keyed.website_ascii, '([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}|xn--[a-z0-9-]+)'
                    ),
                    false
                )
                then 'invalid_format'
            -- a host of two dots or more that is itself a public suffix (`myspreadshop.co.uk`) has no key
            when crm_keyed.website_key is null then 'invalid_format'
            when crm_keyed.website_key in (select free_mail_domains.free_mail_domain from free_mail_domains)
                then 'free_mail_domain'
            else 'valid'
        end as website_status
    from crm_keyed
),

-- The key of each raw feed domain of feed_hosts: null when its host is not a valid domain name or is a suffix.
feed_domain_keys as (
    select
        feed_hosts.raw_domain,
        case
            when feed_hosts.domain_ascii like '%.%.%' then host_keys.registrable_domain
            when
                coalesce(
                    regexp_full_match(
                        feed_hosts.domain_ascii, '([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}|xn--[a-z0-9-]+)'
                    ),
                    false
                )
                then feed_hosts.domain_ascii
        end as domain_key
    from feed_hosts
    left join host_keys
        on feed_hosts.domain_ascii = host_keys.host_name
),

-- One record per account id: the latest last_modified_at, then the most complete, then the smallest hash.
accounts as materialized (
    select
        -- A small integer per account: the feeds' millions of rows are summed per account on it.
        row_number() over () as account_key,
        account_id,
        created_date,
        website_status,
        case when website_status = 'valid' then website_key end as domain,
        industry,
        country_code,
        is_industry_unmapped,
        is_country_unmapped,
        case when employees_number >= 0 then employees_number end as employee_count,
        case when revenue_number >= 0 then cast(round(revenue_number, 2) as decimal(18, 2)) end as annual_revenue
    from crm_judged
    where account_id is not null
    qualify row_number() over (
            partition by account_id
            order by
                last_modified_at desc nulls last,
                (
                    cast(website_status = 'valid' as int)
                    + cast(industry is not null as int)
                    + cast(coalesce(employees_number >= 0, false) as int)
                    + cast(coalesce(revenue_number >= 0, false) as int)
                    + cast(country_code is not null as int)
                ) desc,
                record_hash
        ) = 1
),

-- Feed values are cleaned as staging cleans them, but a raw value spelled exactly like a clean value needs no
-- cleaning, so the big feeds are first matched on their raw strings: a raw domain equal to an account's domain
-- (one not starting with www) is that domain, a raw technology or signal type equal to a spelling of the alias
-- seeds, or to a lookup key, has that spelling's meaning. Only the rows left over go through the regular
-- expressions. An invalid host matches no account's (valid) domain; a domain of several accounts counts for each.
direct_domains as materialized (
    select
        domain as raw_value,
        account_key,
        created_date
    from accounts
    where not starts_with(domain, 'www')
),

direct_spellings as materialized (
    select distinct
        spellings.vocabulary,
        spellings.spelling as raw_value,
        lookup.canonical_value
    from spellings
    inner join lookup
        on
            spellings.vocabulary = lookup.vocabulary
            and nullif(
                lower(
                    trim(regexp_replace(strip_accents(translate(spellings.spelling, '’‘ʼ', '''''''')), '\s+', ' ', 'g'))
                ),
                ''
            )
            = lookup.lookup_key
    union
    select
        vocabulary,
        lookup_key,
        canonical_value
    from lookup
),

feed_rows as (
    select
        feed_source.vocabulary,
        coalesce(direct_domain.account_key, cleaned_domain.account_key) as account_key,
        coalesce(direct_domain.created_date, cleaned_domain.created_date) as created_date,
        coalesce(direct_value.canonical_value, cleaned_value.canonical_value) as canonical_value,
        -- An event counts up to the end of the scoring date: comparing days is comparing the timestamps. An ASCII
        -- text that neither starts nor ends with a space is as trimmed (for ASCII, trim removes only spaces).
        cast(
            case
                when
                    strlen(feed_source.occurred_at) = length(feed_source.occurred_at)
                    and not starts_with(feed_source.occurred_at, ' ')
                    and not ends_with(feed_source.occurred_at, ' ')
                    then try_cast(feed_source.occurred_at as timestamp)
                else try_cast(nullif(trim(feed_source.occurred_at), '') as timestamp)
            end as date
        ) as occurred_on
    from feed_source
    left join direct_domains as direct_domain
        on feed_source.domain = direct_domain.raw_value
    left join feed_domain_keys
        on feed_source.domain = feed_domain_keys.raw_domain
    left join accounts as cleaned_domain
        on
            case
                when direct_domain.account_key is not null then null
                when feed_domain_keys.raw_domain is not null then feed_domain_keys.domain_key
                else rtrim(
                        regexp_replace(
                            regexp_replace(lower(trim(feed_source.domain)), '^[a-z][a-z0-9+.-]*://', ''),
                            '^www[0-9]*\.|[/?#:].*$', '', 'g'
                        ),
                        '.'
                    )
            end = cleaned_domain.domain
    left join direct_spellings as direct_value
        on
            feed_source.vocabulary = direct_value.vocabulary
            and feed_source.raw_value = direct_value.raw_value
    left join lookup as cleaned_value
        on
            feed_source.vocabulary = cleaned_value.vocabulary
            and case
                when direct_value.canonical_value is null
                    then lower(
                            trim(
                                regexp_replace(
                                    strip_accents(translate(feed_source.raw_value, '’‘ʼ', '''''''')), '\s+', ' ', 'g'
                                )
                            )
                        )
            end = cleaned_value.lookup_key
),

-- The grid rows a feed value earns points from: the values of technology criteria, the intent signal types.
grid_values as (
    select
        row_number() over () as grid_value_key,
        grid_rows.*
    from (
        select
            'technology' as vocabulary,
            value_points.icp_id,
            value_points.criterion_id,
            value_points.matched_value,
            value_points.points,
            cast(null as decimal(7, 2)) as half_life_days,
            cast(null as decimal(7, 2)) as max_points,
            cast(null as decimal(7, 2)) as floor_points,
            cast(null as integer) as max_age_days
        from value_points
        inner join criteria
            on
                value_points.icp_id = criteria.icp_id
                and value_points.criterion_id = criteria.criterion_id
                and criteria.account_attribute = 'technology'
        union all
        select
            'signal_type' as vocabulary,
            icp_id,
            criterion_id,
            signal_type,
            points,
            half_life_days,
            max_points,
            floor_points,
            max_age_days
        from signal_points
    ) as grid_rows
),

-- The feeds summed per account and grid row in one pass: a technology earns its points (the best counts), an
-- intent event (mapped type, a time, not after the scoring date, not before the account's creation) its points
-- halved every half-life (none: no decay), rounded to 4 decimals, at least its floor, and nothing once older than
-- its maximum age. A mapped technology no criterion lists still leaves a row:
-- the account has technographic data.
account_feed_points as materialized (
    select
        feed_rows.account_key,
        feed_rows.vocabulary,
        grid_values.grid_value_key,
        max(grid_values.points) as best_points,
        sum(
            greatest(
                case
                    when grid_values.half_life_days is null then cast(grid_values.points as decimal(18, 4))
                    else cast(
                            round(
                                grid_values.points * pow(
                                    0.5,
                                    date_diff('day', feed_rows.occurred_on, cast($scoring_date as date))
                                    / grid_values.half_life_days
                                ),
                                4
                            ) as decimal(18, 4)
                        )
                end,
                cast(coalesce(grid_values.floor_points, 0) as decimal(18, 4))
            )
        ) as decayed_points
    from feed_rows
    left join grid_values
        on
            feed_rows.vocabulary = grid_values.vocabulary
            and feed_rows.canonical_value = grid_values.matched_value
    where
        feed_rows.account_key is not null
        and feed_rows.canonical_value is not null
        and (
            feed_rows.vocabulary = 'technology'
            or (
                grid_values.grid_value_key is not null
                and feed_rows.occurred_on <= cast($scoring_date as date)
                and not coalesce(feed_rows.occurred_on < feed_rows.created_date, false)
                and (
                    grid_values.max_age_days is null
                    or date_diff('day', feed_rows.occurred_on, cast($scoring_date as date)) <= grid_values.max_age_days
                )
            )
        )
    group by all
),

technology_points as (
    select
        account_feed_points.account_key,
        grid_values.icp_id,
        grid_values.criterion_id,
        max(account_feed_points.best_points) as points
    from account_feed_points
    inner join grid_values
        on account_feed_points.grid_value_key = grid_values.grid_value_key
    where account_feed_points.vocabulary = 'technology'
    group by all
),

-- Intent capped per signal type, then summed per criterion.
intent_per_criterion as (
    select
        account_feed_points.account_key,
        grid_values.icp_id,
        grid_values.criterion_id,
        sum(least(account_feed_points.decayed_points, grid_values.max_points)) as capped_points
    from account_feed_points
    inner join grid_values
        on account_feed_points.grid_value_key = grid_values.grid_value_key
    where account_feed_points.vocabulary = 'signal_type'
    group by all
),

-- The region criterion: the best of the groups of the account's country listed under the criterion.
country_group_points as (
    select
        accounts.account_key,
        value_points.icp_id,
        value_points.criterion_id,
        max(value_points.points) as points
    from accounts
    inner join country_group_members
        on accounts.country_code = country_group_members.country_code
    inner join value_points
        on country_group_members.country_group = value_points.matched_value
    inner join criteria
        on
            value_points.icp_id = criteria.icp_id
            and value_points.criterion_id = criteria.criterion_id
            and criteria.account_attribute = 'country_group'
    group by all
),

-- What a value criterion gives the values it does not list: `(other)` for any other known value, `(unmapped)`
-- for a raw value that maps to nothing (null: nothing).
unlisted_value_points as (
    select
        icp_id,
        criterion_id,
        max(case when matched_value = '(other)' then points end) as other_points,
        max(case when matched_value = '(unmapped)' then points end) as unmapped_points
    from value_points
    group by icp_id, criterion_id
),

-- Points of every account for every criterion: (points earned, whether its input is known).
criterion_points as (
    select
        accounts.account_key,
        criteria.icp_id,
        criteria.criterion_id,
        criteria.pillar,
        criteria.account_attribute,
        criteria.max_points,
        case criteria.account_attribute
            when 'industry'
                then coalesce(
                        industry_points.points,
                        case when accounts.industry is not null then unlisted.other_points end,
                        case when accounts.is_industry_unmapped then unlisted.unmapped_points end,
                        0
                    )
            when 'country'
                then coalesce(
                        country_points.points,
                        case when accounts.country_code is not null then unlisted.other_points end,
                        case when accounts.is_country_unmapped then unlisted.unmapped_points end,
                        0
                    )
            when 'country_group'
                then coalesce(
                        country_group_points.points,
                        case when accounts.country_code is not null then unlisted.other_points end,
                        case when accounts.is_country_unmapped then unlisted.unmapped_points end,
                        0
                    )
            when 'employee_count' then coalesce(employee_bands.points, 0)
            when 'annual_revenue' then coalesce(revenue_bands.points, 0)
            when 'technology' then coalesce(technology_points.points, 0)
            when 'intent_signal' then least(coalesce(intent_per_criterion.capped_points, 0), criteria.max_points)
        end as points_earned,
        case criteria.account_attribute
            when 'industry'
                then accounts.industry is not null
                    or (accounts.is_industry_unmapped and unlisted.unmapped_points is not null)
            when 'country'
                then accounts.country_code is not null
                    or (accounts.is_country_unmapped and unlisted.unmapped_points is not null)
            when 'country_group'
                then accounts.country_code is not null
                    or (accounts.is_country_unmapped and unlisted.unmapped_points is not null)
            when 'employee_count' then accounts.employee_count is not null
            when 'annual_revenue' then accounts.annual_revenue is not null
            when 'technology'
                then accounts.account_key in (
                        select account_feed_points.account_key
                        from account_feed_points
                        where account_feed_points.vocabulary = 'technology'
                    )
            when 'intent_signal' then true
        end as has_data
    from accounts
    inner join criteria
        on criteria.account_attribute in (
                'industry', 'country', 'country_group', 'employee_count', 'annual_revenue', 'technology',
                'intent_signal'
            )
    left join unlisted_value_points as unlisted
        on
            criteria.icp_id = unlisted.icp_id
            and criteria.criterion_id = unlisted.criterion_id
    left join value_points as industry_points
        on
            criteria.account_attribute = 'industry'
            and criteria.icp_id = industry_points.icp_id
            and criteria.criterion_id = industry_points.criterion_id
            and accounts.industry = industry_points.matched_value
    left join value_points as country_points
        on
            criteria.account_attribute = 'country'
            and criteria.icp_id = country_points.icp_id
            and criteria.criterion_id = country_points.criterion_id
            and accounts.country_code = country_points.matched_value
    left join band_points as employee_bands
        on
            criteria.account_attribute = 'employee_count'
            and criteria.icp_id = employee_bands.icp_id
            and criteria.criterion_id = employee_bands.criterion_id
            and cast(accounts.employee_count as double) >= employee_bands.lower_bound
            and (
                cast(accounts.employee_count as double) < employee_bands.upper_bound
                or employee_bands.upper_bound is null
            )
    left join band_points as revenue_bands
        on
            criteria.account_attribute = 'annual_revenue'
            and criteria.icp_id = revenue_bands.icp_id
            and criteria.criterion_id = revenue_bands.criterion_id
            and cast(accounts.annual_revenue as double) >= revenue_bands.lower_bound
            and (
                cast(accounts.annual_revenue as double) < revenue_bands.upper_bound
                or revenue_bands.upper_bound is null
            )
    left join country_group_points
        on
            criteria.account_attribute = 'country_group'
            and criteria.icp_id = country_group_points.icp_id
            and criteria.criterion_id = country_group_points.criterion_id
            and accounts.account_key = country_group_points.account_key
    left join technology_points
        on
            criteria.account_attribute = 'technology'
            and criteria.icp_id = technology_points.icp_id
            and criteria.criterion_id = technology_points.criterion_id
            and accounts.account_key = technology_points.account_key
    left join intent_per_criterion
        on
            criteria.account_attribute = 'intent_signal'
            and criteria.icp_id = intent_per_criterion.icp_id
            and criteria.criterion_id = intent_per_criterion.criterion_id
            and accounts.account_key = intent_per_criterion.account_key
),

-- Each criterion's points as the score counts them: rounded to 2 decimals; a weighted ICP's scaled first to
-- weight x 100 / the scale's max_points, in integers (ten-thousandths), halves away from zero.
counted_points as (
    select
        criterion_points.account_key,
        criterion_points.icp_id,
        criterion_points.pillar,
        criterion_points.account_attribute,
        criterion_points.has_data,
        case
            when weight_scales.icp_id is null then cast(round(criterion_points.points_earned, 2) as decimal(7, 2))
            else cast(
                    (
                        cast(round(criterion_points.points_earned * 10000) as bigint)
                        * weight_scales.weight_ten_thousandths * 2 + 100 * weight_scales.scale_max_hundredths
                    ) // (200 * weight_scales.scale_max_hundredths) as decimal(18, 0)
                ) / 100
        end as points_counted,
        case
            when weight_scales.icp_id is null then criterion_points.max_points
            else cast(
                    (
                        cast(round(criterion_points.max_points * 10000) as bigint)
                        * weight_scales.weight_ten_thousandths * 2 + 100 * weight_scales.scale_max_hundredths
                    ) // (200 * weight_scales.scale_max_hundredths) as decimal(18, 0)
                ) / 100
        end as points_possible
    from criterion_points
    left join weight_scales
        on criterion_points.icp_id = weight_scales.icp_id and criterion_points.criterion_id = weight_scales.criterion_id
),

-- Pillar sums of the points as counted, and the share of fit points with data.
pillar_points as (
    select
        account_key,
        icp_id,
        sum(case when pillar = 'firmographic' then points_counted else 0 end) as firmographic_points,
        sum(case when pillar = 'technographic' then points_counted else 0 end) as technographic_points,
        sum(case when pillar = 'intent' then points_counted else 0 end) as intent_points,
        sum(case when pillar != 'intent' then points_possible else 0 end) as fit_points_possible,
        sum(case when pillar = 'intent' then points_possible else 0 end) as intent_points_possible,
        sum(case when pillar != 'intent' and has_data then points_possible else 0 end) as fit_points_with_data,
        bool_or(case when account_attribute = 'technology' then has_data end) as has_technology_data
    from counted_points
    group by account_key, icp_id
),

-- The latest technographic detection up to the scoring date (the one column read again): an account created
-- after it, short of data and without technographic data, was added after the last refresh.
technographic_refresh as (
    select max(detected_on) as latest_detected_date
    from (
        select try_cast(nullif(trim(last_detected_date), '') as date) as detected_on
        from read_parquet($landed_dir || '/technographics.parquet')
    ) as detections
    where detected_on <= cast($scoring_date as date)
),

assessed as (
    select
        accounts.account_id,
        icp_profiles.icp_id,
        accounts.website_status,
        accounts.created_date,
        pillar_points.has_technology_data,
        technographic_refresh.latest_detected_date,
        coalesce(pillar_points.firmographic_points, 0) as firmographic_points,
        coalesce(pillar_points.technographic_points, 0) as technographic_points,
        coalesce(pillar_points.intent_points, 0) as intent_points,
        coalesce(pillar_points.fit_points_possible, 0) as fit_points_possible,
        coalesce(pillar_points.intent_points_possible, 0) as intent_points_possible,
        case
            when coalesce(pillar_points.fit_points_possible, 0) = 0 then 1.0
            else pillar_points.fit_points_with_data / pillar_points.fit_points_possible
        end as data_completeness
    from accounts
    cross join icp_profiles
    cross join technographic_refresh
    left join pillar_points
        on accounts.account_key = pillar_points.account_key and icp_profiles.icp_id = pillar_points.icp_id
),

scored as (
    select
        assessed.*,
        case
            when assessed.website_status = 'missing' then 'missing_website'
            when assessed.website_status != 'valid' then 'invalid_website'
            when
                assessed.data_completeness < $min_data_completeness
                and not assessed.has_technology_data
                and assessed.created_date > assessed.latest_detected_date
                then 'added_after_last_refresh'
            when assessed.data_completeness < $min_data_completeness then 'insufficient_data'
        end as unscored_reason
    from assessed
),

graded as (
    select
        scored.account_id,
        scored.icp_id,
        scored.unscored_reason is null as is_scored,
        scored.unscored_reason,
        cast(scored.data_completeness as decimal(5, 4)) as data_completeness,
        case when scored.unscored_reason is null then cast(scored.firmographic_points as decimal(7, 2)) end
            as firmographic_points,
        case when scored.unscored_reason is null then cast(scored.technographic_points as decimal(7, 2)) end
            as technographic_points,
        case when scored.unscored_reason is null then cast(scored.intent_points as decimal(7, 2)) end
            as intent_points,
        case
            when scored.unscored_reason is null and scored.fit_points_possible > 0
                then cast(
                        round(
                            (scored.firmographic_points + scored.technographic_points)
                            * 100
                            / scored.fit_points_possible,
                            2
                        ) as decimal(5, 2)
                    )
        end as fit_score,
        case
            when scored.unscored_reason is null and scored.intent_points_possible > 0
                then cast(round(scored.intent_points * 100 / scored.intent_points_possible, 2) as decimal(5, 2))
        end as intent_score,
        case
            when scored.unscored_reason is null
                then cast(
                        scored.firmographic_points + scored.technographic_points + scored.intent_points as decimal(5, 2)
                    )
        end as icp_score
    from scored
),

banded as (
    select
        graded.*,
        grade_bands.icp_grade,
        grade_bands.icp_tier as grade_tier,
        tier_capacities.tier_1_capacity,
        tier_capacities.tier_2_capacity
    from graded
    left join grade_bands
        on
            graded.icp_id = grade_bands.icp_id
            and graded.icp_score >= grade_bands.min_score
            and (graded.icp_score < grade_bands.max_score or (grade_bands.max_score = 100 and graded.icp_score = 100))
    left join tier_capacities
        on graded.icp_id = tier_capacities.icp_id
),

-- Best first: score, then intent, then account id. Tier 1 takes the best grade-tier-1 accounts up to its
-- capacity; tier 2 the best of the rest of grade tiers 1-2 up to its capacity; the others are tier 3.
tier_1_filled as (
    select
        banded.*,
        case
            when banded.is_scored
                then row_number() over (
                        partition by banded.icp_id, banded.is_scored
                        order by banded.icp_score desc, banded.intent_score desc, banded.account_id asc
                    )
        end as icp_rank,
        banded.grade_tier = 1 and coalesce(
            banded.tier_1_capacity is null
            or row_number() over (
                partition by banded.icp_id, banded.grade_tier = 1
                order by banded.icp_score desc, banded.intent_score desc, banded.account_id asc
            ) <= banded.tier_1_capacity,
            false
        ) as is_in_tier_1
    from banded
),

tier_2_filled as (
    select
        tier_1_filled.*,
        case
            when tier_1_filled.grade_tier <= 2 and not tier_1_filled.is_in_tier_1
                then row_number() over (
                        partition by
                            tier_1_filled.icp_id, tier_1_filled.grade_tier <= 2 and not tier_1_filled.is_in_tier_1
                        order by
                            tier_1_filled.icp_score desc, tier_1_filled.intent_score desc, tier_1_filled.account_id asc
                    )
        end as tier_2_rank
    from tier_1_filled
)

select
    account_id,
    icp_id,
    is_scored,
    unscored_reason,
    data_completeness,
    firmographic_points,
    technographic_points,
    intent_points,
    fit_score,
    intent_score,
    icp_score,
    icp_grade,
    grade_tier,
    case
        when not is_scored then null
        when is_in_tier_1 then 1
        when tier_2_rank <= tier_2_capacity or (tier_2_rank is not null and tier_2_capacity is null) then 2
        else 3
    end as icp_tier,
    icp_rank
from tier_2_filled
