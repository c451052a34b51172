-- The decay rules of each signal in icp_intent_signal_points.csv make sense: a half-life is above 0 (or empty:
-- no decay); a floor lies from 0 to the signal's points and comes with a maximum age (else an old signal would
-- count forever); a maximum age is 0 days or more.

with

intent_signal_points as (
    select * from {{ ref('icp_intent_signal_points') }}
),

checked as (
    select
        icp_id,
        criterion_id,
        signal_type,
        'seeds/scoring_grid/icp_intent_signal_points.csv, row (' || icp_id || ', ' || criterion_id || ', '
        || signal_type || '): ' as row_location,
        case
            when half_life_days <= 0
                then 'half_life_days = ' || half_life_days || ' must be above 0 (days after which a signal is '
                    || 'worth half its points), or empty for a signal that does not decay.'
            when floor_points < 0 or floor_points > points
                then 'floor_points = ' || floor_points || ' must be from 0 to the signal''s points (' || points
                    || ').'
            when floor_points is not null and max_age_days is null
                then 'floor_points = ' || floor_points || ' needs max_age_days (the age after which the signal '
                    || 'stops counting), else an old signal keeps its floor forever.'
            when max_age_days < 0
                then 'max_age_days = ' || max_age_days || ' must be 0 or more (empty: no limit).'
        end as problem
    from intent_signal_points
),

final as (
    select
        icp_id,
        criterion_id,
        signal_type,
        row_location || problem as failure_reason
    from checked
    where problem is not null
)

select * from final
