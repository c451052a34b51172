-- An ICP written with pillar weights (icp_pillar_weights.csv) weighs every pillar it has criteria in, only those,
-- and its weights add up to exactly 1 (the method: firmographic 0.4, technographic 0.3, intent 0.3).

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

pillar_weights as (
    select * from {{ ref('icp_pillar_weights') }}
),

criteria_pillars as (
    select distinct
        icp_id,
        pillar
    from criteria
    where icp_id in (select pillar_weights.icp_id from pillar_weights)
),

unweighted_pillars as (
    select
        criteria_pillars.icp_id,
        'seeds/scoring_grid/icp_pillar_weights.csv: ICP "' || criteria_pillars.icp_id || '" has criteria in pillar "'
        || criteria_pillars.pillar || '" but no weight for it: add the row (' || criteria_pillars.icp_id || ', '
        || criteria_pillars.pillar || ', <weight>).' as failure_reason
    from criteria_pillars
    left join pillar_weights
        on
            criteria_pillars.icp_id = pillar_weights.icp_id
            and criteria_pillars.pillar = pillar_weights.pillar
    where pillar_weights.pillar is null
),

weights_without_criteria as (
    select
        pillar_weights.icp_id,
        'seeds/scoring_grid/icp_pillar_weights.csv, row (' || pillar_weights.icp_id || ', ' || pillar_weights.pillar
        || '): ICP "' || pillar_weights.icp_id || '" has no criteria in this pillar: remove the row or add '
        || 'criteria (icp_criteria.csv).' as failure_reason
    from pillar_weights
    left join criteria_pillars
        on
            pillar_weights.icp_id = criteria_pillars.icp_id
            and pillar_weights.pillar = criteria_pillars.pillar
    where criteria_pillars.pillar is null
),

weight_totals as (
    select
        icp_id,
        'seeds/scoring_grid/icp_pillar_weights.csv: the pillar weights of ICP "' || icp_id || '" add up to '
        || cast(sum(pillar_weight) as varchar) || ', not 1. Change them so they add up to 1.' as failure_reason
    from pillar_weights
    group by icp_id
    having sum(pillar_weight) != 1
),

final as (
    select * from unweighted_pillars
    union all
    select * from weights_without_criteria
    union all
    select * from weight_totals
)

select * from final
