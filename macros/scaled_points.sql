{#- Points (up to 4 decimals) scaled to a weighted ICP's weight: points x weight x 100 / the scale's max_points
    (the pillar's or the criterion's), as decimal(7, 2) rounded half away from zero, computed in integers so every
    engine and the Python copy give the same cents: points in ten-thousandths x weight in ten-thousandths /
    (100 x max in hundredths) is the result in hundredths. `scales` names a relation of int_icp_criteria__scaled.
    Points are never negative. -#}
{% macro scaled_points(points, scales) -%}
    {%- set numerator = "cast(" ~ round_decimal(points ~ " * 10000") ~ " as bigint) * " ~ scales ~ ".weight_ten_thousandths" -%}
    {%- set denominator = "100 * " ~ scales ~ ".scale_max_hundredths" -%}
    cast(
        cast({{ integer_divide(numerator ~ ' * 2 + ' ~ denominator, denominator ~ ' * 2') }} as decimal(18, 0))
        * cast(0.01 as decimal(3, 2)) as decimal(7, 2)
    )
{%- endmacro %}
