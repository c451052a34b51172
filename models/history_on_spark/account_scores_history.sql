{#- Spark only: the snapshot account_scores_history as the other engines keep it (every version, in force from
    dbt_valid_from until dbt_valid_to, null while in force), read from the append-only events. A view: the
    history is not copied. -#}
{{ config(materialized='view') }}

with

events as (
    select * from {{ ref('account_score_history_events') }}
),

dated as (
    select
        *,
        lead(dbt_valid_from) over (partition by account_id, icp_id order by dbt_valid_from) as dbt_valid_to
    from events
),

final as (
    select * except (is_removal)
    from dated
    where not is_removal
)

select * from final
