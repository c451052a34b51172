-- An ICP written with weights weighs either its pillars (icp_pillar_weights.csv: the method's firmographic 0.4,
-- technographic 0.3, intent 0.3) or its criteria (icp_criterion_weights.csv: "0.30 x revenue band + ..."), not
-- both; it weighs every pillar (criterion) it has criteria in, only those, and its weights add up to exactly 1.

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

pillar_weights as (
    select * from {{ ref('icp_pillar_weights') }}
),

criterion_weights as (
    select * from {{ ref('icp_criterion_weights') }}
),

-- The two files in one shape: what is weighed (a pillar or a criterion) and the file that weighs it.
weights as (
    select
        icp_id,
        pillar as weighed,
        pillar_weight as weight,
        'pillar' as weighed_by,
        'seeds/scoring_grid/icp_pillar_weights.csv' as grid_file
    from pillar_weights
    union all
    select
        icp_id,
        criterion_id as weighed,
        criterion_weight as weight,
        'criterion' as weighed_by,
        'seeds/scoring_grid/icp_criterion_weights.csv' as grid_file
    from criterion_weights
),

weighted_icps as (
    select
        icp_id,
        min(weighed_by) as weighed_by,
        min(grid_file) as grid_file,
        count(distinct weighed_by) as ways_count,
        sum(weight) as total_weight
    from weights
    group by icp_id
),

-- What each weighted ICP must weigh: its pillars with criteria, or its criteria.
to_weigh as (
    select distinct
        criteria.icp_id,
        case weighted_icps.weighed_by when 'pillar' then criteria.pillar else criteria.criterion_id end as weighed,
        weighted_icps.weighed_by,
        weighted_icps.grid_file
    from criteria
    inner join weighted_icps
        on criteria.icp_id = weighted_icps.icp_id
    where weighted_icps.ways_count = 1
),

both_ways as (
    select
        icp_id,
        'seeds/scoring_grid/icp_pillar_weights.csv and icp_criterion_weights.csv both weigh ICP "' || icp_id
        || '": keep the rows of one file (pillar or criterion weights), remove the other''s.' as failure_reason
    from weighted_icps
    where ways_count > 1
),

unweighed as (
    select
        to_weigh.icp_id,
        to_weigh.grid_file || ': ICP "' || to_weigh.icp_id || '" has criteria in ' || to_weigh.weighed_by || ' "'
        || to_weigh.weighed || '" but no weight for it: add the row (' || to_weigh.icp_id || ', '
        || to_weigh.weighed || ', <weight>).' as failure_reason
    from to_weigh
    left join weights
        on
            to_weigh.icp_id = weights.icp_id
            and to_weigh.weighed = weights.weighed
            and to_weigh.weighed_by = weights.weighed_by
    where weights.weighed is null
),

weighed_without_criteria as (
    select
        weights.icp_id,
        weights.grid_file || ', row (' || weights.icp_id || ', ' || weights.weighed || '): ICP "' || weights.icp_id
        || '" has no criteria in ' || weights.weighed_by || ' "' || weights.weighed || '" (icp_criteria.csv): '
        || 'correct the name or remove the row.' as failure_reason
    from weights
    inner join weighted_icps
        on weights.icp_id = weighted_icps.icp_id
    left join to_weigh
        on
            weights.icp_id = to_weigh.icp_id
            and weights.weighed = to_weigh.weighed
            and weights.weighed_by = to_weigh.weighed_by
    where weighted_icps.ways_count = 1 and to_weigh.weighed is null
),

weight_totals as (
    select
        icp_id,
        grid_file || ': the weights of ICP "' || icp_id || '" add up to '
        || cast(total_weight as {{ engine_type('varchar') }})
        || ', not 1. Change them so they add up to 1.' as failure_reason
    from weighted_icps
    where ways_count = 1 and total_weight != 1
),

final as (
    select * from both_ways
    union all
    select * from unweighed
    union all
    select * from weighed_without_criteria
    union all
    select * from weight_totals
)

select * from final
