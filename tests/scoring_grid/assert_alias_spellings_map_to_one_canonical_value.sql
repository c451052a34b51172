-- Aliases are matched ignoring accents, case and repeated spaces, together with the canonical ids and labels. Two
-- spellings that read the same that way must mean the same canonical value, or a raw value would match twice.

with

industry_aliases as (
    select * from {{ ref('industry_aliases') }}
),

industries as (
    select * from {{ ref('industries') }}
),

country_aliases as (
    select * from {{ ref('country_aliases') }}
),

country_names as (
    select * from {{ ref('country_names') }}
),

countries as (
    select * from {{ ref('countries') }}
),

technology_aliases as (
    select * from {{ ref('technology_aliases') }}
),

technologies as (
    select * from {{ ref('technologies') }}
),

signal_type_aliases as (
    select * from {{ ref('intent_signal_type_aliases') }}
),

signal_types as (
    select * from {{ ref('intent_signal_types') }}
),

stage_aliases as (
    select * from {{ ref('opportunity_stage_aliases') }}
),

stages as (
    select * from {{ ref('opportunity_stages') }}
),

activity_type_aliases as (
    select * from {{ ref('activity_type_aliases') }}
),

activity_types as (
    select * from {{ ref('activity_types') }}
),

-- Industries match on text_words_key (accents, punctuation and `and`/`et` ignored too), French names included.
industry_lookup as (
    select
        {{ text_words_key('industry_alias') }} as lookup_key,
        industry as canonical_value
    from industry_aliases
    union
    select
        {{ text_words_key('industry') }} as lookup_key,
        industry as canonical_value
    from industries
    union
    select
        {{ text_words_key('industry_label') }} as lookup_key,
        industry as canonical_value
    from industries
    union
    select
        {{ text_words_key('industry_label_fr') }} as lookup_key,
        industry as canonical_value
    from industries
),

country_lookup as (
    {{ alias_lookup(
        'country_aliases', 'country_alias', 'countries', 'country_code', 'country_name',
        generated_aliases='country_names'
    ) }}
),

technology_lookup as (
    {{ alias_lookup('technology_aliases', 'technology_alias', 'technologies', 'technology', 'technology_label') }}
),

signal_type_lookup as (
    {{ alias_lookup('signal_type_aliases', 'signal_type_alias', 'signal_types', 'signal_type', 'signal_type_label') }}
),

stage_lookup as (
    {{ alias_lookup('stage_aliases', 'stage_alias', 'stages', 'stage', 'stage_label') }}
),

activity_type_lookup as (
    {{ alias_lookup(
        'activity_type_aliases', 'activity_type_alias', 'activity_types', 'activity_type', 'activity_type_label'
    ) }}
),

lookups as (
    select
        'industry' as vocabulary,
        lookup_key,
        canonical_value
    from industry_lookup
    union all
    select
        'country' as vocabulary,
        lookup_key,
        canonical_value
    from country_lookup
    union all
    select
        'technology' as vocabulary,
        lookup_key,
        canonical_value
    from technology_lookup
    union all
    select
        'intent signal type' as vocabulary,
        lookup_key,
        canonical_value
    from signal_type_lookup
    union all
    select
        'opportunity stage' as vocabulary,
        lookup_key,
        canonical_value
    from stage_lookup
    union all
    select
        'activity type' as vocabulary,
        lookup_key,
        canonical_value
    from activity_type_lookup
),

final as (
    select
        vocabulary,
        lookup_key,
        {{ ordered_string_agg('canonical_value', ', ', 'canonical_value') }} as canonical_values,
        'In seeds/reference/, the spelling "' || lookup_key || '" (case and spaces ignored) means more than one '
        || vocabulary || ': ' || {{ ordered_string_agg('canonical_value', ', ', 'canonical_value') }}
        || '. Keep one meaning: fix or delete the alias row, or rename the canonical label.' as failure_reason
    from lookups
    group by vocabulary, lookup_key
    having count(*) > 1
)

select * from final
