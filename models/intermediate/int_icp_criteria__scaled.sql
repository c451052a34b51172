{#- How a weighted ICP's criterion points become score points, one row per criterion of such an ICP. An ICP
    written in points (no row in icp_pillar_weights.csv nor in icp_criterion_weights.csv) keeps its points: no
    row here. Two ways to weigh, one per ICP (assert_icp_weights_add_up_to_1):
    - pillar weights (the method's 0.4 / 0.3 / 0.3): each pillar is scored 0-100 from its criteria's points and
      weighed: a criterion's points x the pillar's weight x 100 / the pillar's max_points;
    - criterion weights (a model stated as "0.30 x revenue band + 0.20 x headcount band ...", each term 0-100):
      a criterion's points x its weight x 100 / its max_points.
    Either way the ICP earns at most 100. Amounts are kept as integers (weight in ten-thousandths, the scale's
    max_points in hundredths) so the scaled points, rounded per criterion in int_account_criteria__points by
    macro scaled_points, are exact on every engine and in the Python copy. -#}
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

pillar_maxima as (
    select
        icp_id,
        pillar,
        sum(max_points) as pillar_max_points
    from criteria
    group by icp_id, pillar
),

pillar_scaled as (
    select
        criteria.icp_id,
        criteria.criterion_id,
        'pillar' as weighed_by,
        pillar_weights.pillar_weight as weight,
        pillar_maxima.pillar_max_points as scale_max_points
    from criteria
    inner join pillar_weights
        on
            criteria.icp_id = pillar_weights.icp_id
            and criteria.pillar = pillar_weights.pillar
    inner join pillar_maxima
        on
            criteria.icp_id = pillar_maxima.icp_id
            and criteria.pillar = pillar_maxima.pillar
),

criterion_scaled as (
    select
        criteria.icp_id,
        criteria.criterion_id,
        'criterion' as weighed_by,
        criterion_weights.criterion_weight as weight,
        criteria.max_points as scale_max_points
    from criteria
    inner join criterion_weights
        on
            criteria.icp_id = criterion_weights.icp_id
            and criteria.criterion_id = criterion_weights.criterion_id
),

scaled as (
    select * from pillar_scaled
    union all
    select * from criterion_scaled
),

final as (
    select
        icp_id,
        criterion_id,
        weighed_by,
        weight,
        scale_max_points,
        cast({{ round_decimal('weight * 10000') }} as bigint) as weight_ten_thousandths,
        cast({{ round_decimal('scale_max_points * 100') }} as bigint) as scale_max_hundredths
    from scaled
)

select * from final
