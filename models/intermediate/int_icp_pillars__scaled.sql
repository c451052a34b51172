{#- How each ICP pillar's criterion points become score points. An ICP written in points (no rows in
    icp_pillar_weights.csv) keeps its points: no row here. An ICP with pillar weights (the method's 0.4 / 0.3 /
    0.3) scores each pillar 0-100 from its criteria's points and weighs it: a criterion's points x weight x 100
    / the pillar's max_points, so a pillar earns at most weight x 100 and the ICP 100. Amounts are kept as
    integers (weight in ten-thousandths, max_points in hundredths) so the scaled points, rounded per criterion in
    int_account_criteria__points, are exact on every engine and in the Python copy. -#}
with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

pillar_weights as (
    select * from {{ ref('icp_pillar_weights') }}
),

pillar_maxima as (
    select
        icp_id,
        pillar,
        sum(max_points) as pillar_max_points
    from criteria
    group by icp_id, pillar
),

final as (
    select
        pillar_maxima.icp_id,
        pillar_maxima.pillar,
        pillar_weights.pillar_weight,
        pillar_maxima.pillar_max_points,
        cast(round(pillar_weights.pillar_weight * 10000) as bigint) as pillar_weight_ten_thousandths,
        cast(round(pillar_maxima.pillar_max_points * 100) as bigint) as pillar_max_hundredths
    from pillar_maxima
    inner join pillar_weights
        on
            pillar_maxima.icp_id = pillar_weights.icp_id
            and pillar_maxima.pillar = pillar_weights.pillar
)

select * from final
