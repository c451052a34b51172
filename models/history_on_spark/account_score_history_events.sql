{#- Spark only (see _history_on_spark__models.yml): the scores' history kept append-only, since a dbt snapshot
    needs MERGE, which Spark's Parquet tables lack. Each build appends a row per account and ICP whose checked
    columns (the snapshot's check_cols) changed since its version in force, or that is new, and a removal row
    (is_removal) for each account and ICP in force that left account_scores. Rows are never updated: when a
    version stops being in force is read from the next event (account_scores_history). -#}
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='append_new_columns') }}

{%- set checked_columns = [
    'is_scored', 'unscored_reason', 'icp_score', 'icp_grade', 'icp_tier', 'grid_version',
    'committee_coverage', 'committee_completeness', 'empty_required_seats'
] %}

with

account_scores as (
    select * from {{ ref('account_scores') }}
),

{% if is_incremental() %}
-- The last event of each account and ICP: its version in force, unless it is a removal.
in_force as (
    select * from (
        select
            *,
            row_number() over (partition by account_id, icp_id order by dbt_valid_from desc) as event_rank
        from {{ this }}
    ) as ranked_events
    where event_rank = 1 and not is_removal
),
{% endif %}

new_versions as (
    select account_scores.*
    from account_scores
    {%- if is_incremental() %}
    left join in_force
        on account_scores.account_id = in_force.account_id and account_scores.icp_id = in_force.icp_id
    where
        in_force.account_id is null
        {%- for column in checked_columns %}
        or not (account_scores.{{ column }} <=> in_force.{{ column }})
        {%- endfor %}
    {%- endif %}
),

versions as (
    select
        *,
        false as is_removal
    from new_versions
),

{% if is_incremental() %}
-- Accounts and ICPs in force that this build no longer scores: their version is closed by a removal event
-- dated with this build's scored_at, as the snapshot's hard_deletes: invalidate closes it.
removals as (
    select
        {%- for column in (adapter.get_columns_in_relation(ref('account_scores')) if execute else []) %}
        {%- if column.name == 'scored_at' %}
        (select max(scored_at) from account_scores) as scored_at,
        {%- else %}
        in_force.{{ column.name }},
        {%- endif %}
        {%- endfor %}
        true as is_removal
    from in_force
    where not exists (
        select 1 from account_scores
        where account_scores.account_id = in_force.account_id and account_scores.icp_id = in_force.icp_id
    )
),
{% endif %}

events as (
    select * from versions
    {%- if is_incremental() %}
    union all
    select * from removals
    {%- endif %}
),

final as (
    select
        *,
        md5(account_id || '|' || icp_id || '|' || cast(scored_at as string)) as dbt_scd_id,
        scored_at as dbt_updated_at,
        scored_at as dbt_valid_from
    from events
)

select * from final
