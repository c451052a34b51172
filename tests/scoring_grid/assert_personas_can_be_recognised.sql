-- Every persona an ICP requires can be recognised, and every title rule is read one way: a rule names a persona
-- of its ICP (icp_personas.csv), its phrase has words once case, accents and punctuation are ignored, it is not
-- written twice for the ICP (the same words for two personas would make a title both), max_employees is 1 or
-- more, and each required persona has at least one rule.

with

personas as (
    select * from {{ ref('icp_personas') }}
),

title_rules as (
    select * from {{ ref('icp_persona_title_rules') }}
),

keyed_rules as (
    select
        title_rules.*,
        {{ text_words_key('title_rules.title_phrase') }} as phrase_key,
        count(*) over (
            partition by title_rules.icp_id, {{ text_words_key('title_rules.title_phrase') }}
        ) as rules_with_its_words
    from title_rules
),

problems as (
    select
        'icp_persona_title_rules.csv' as grid_file,
        keyed_rules.icp_id || ', ' || keyed_rules.persona_id || ', ' || keyed_rules.title_phrase as row_id,
        'persona "' || keyed_rules.persona_id || '" is not a persona of ICP "' || keyed_rules.icp_id
        || '" in icp_personas.csv: fix its spelling or add the persona.' as problem
    from keyed_rules
    left join personas
        on keyed_rules.icp_id = personas.icp_id and keyed_rules.persona_id = personas.persona_id
    where personas.persona_id is null
    union all
    select
        'icp_persona_title_rules.csv' as grid_file,
        icp_id || ', ' || persona_id || ', ' || title_phrase as row_id,
        case
            when phrase_key is null
                then 'the phrase has no letters or digits: write the words of a job title.'
            else 'the words "' || phrase_key || '" are written ' || rules_with_its_words || ' times for ICP "'
                || icp_id || '" (case, accents, punctuation and and / et ignored): keep one row, for one persona.'
        end as problem
    from keyed_rules
    where phrase_key is null or rules_with_its_words > 1
    union all
    select
        'icp_persona_title_rules.csv' as grid_file,
        icp_id || ', ' || persona_id || ', ' || title_phrase as row_id,
        'max_employees is a number of employees, 1 or more (empty: any account).' as problem
    from keyed_rules
    where max_employees < 1
    union all
    select
        'icp_personas.csv' as grid_file,
        personas.icp_id || ', ' || personas.persona_id as row_id,
        'the persona is required but no row of icp_persona_title_rules.csv recognises it: add the job titles '
        || 'that name it, or make it not required.' as problem
    from personas
    left join title_rules
        on personas.icp_id = title_rules.icp_id and personas.persona_id = title_rules.persona_id
    where personas.is_required and title_rules.persona_id is null
),

final as (
    select
        grid_file,
        row_id,
        'seeds/scoring_grid/' || grid_file || ', row (' || row_id || '): ' || problem as failure_reason
    from problems
)

select * from final
