{#- The grid version of each ICP: a hash of every seed row that can change its scores, tiers or plays (its
    own grid rows, the CRM fields it reads, and the shared alias and reference tables), so a result can always be traced to its grid;
    with when the grid was last reviewed and when its next review is due (icp_profiles).
    The rows come as text from one model per kind of seed (at most 5 seeds each). -#}
with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

grid_point_rows as (
    select * from {{ ref('int_grid_point_rows__listed') }}
),

grid_tier_and_play_rows as (
    select * from {{ ref('int_grid_tier_and_play_rows__listed') }}
),

grid_crm_field_rows as (
    select * from {{ ref('int_grid_crm_field_rows__listed') }}
),

reference_firmographic_rows as (
    select * from {{ ref('int_reference_firmographic_rows__listed') }}
),

reference_feed_rows as (
    select * from {{ ref('int_reference_feed_rows__listed') }}
),

icp_rows as (
    select
        icp_id,
        seed_name,
        row_text
    from grid_point_rows
    union all
    select
        icp_id,
        seed_name,
        row_text
    from grid_tier_and_play_rows
    union all
    select
        icp_id,
        seed_name,
        row_text
    from grid_crm_field_rows
),

shared_rows as (
    select
        seed_name,
        row_text
    from reference_firmographic_rows
    union all
    select
        seed_name,
        row_text
    from reference_feed_rows
),

shared_hash as (
    select
        md5(coalesce({{ ordered_string_agg("seed_name || ':' || row_text", '\\n', 'seed_name, row_text') }}, ''))
            as shared_grid_hash
    from shared_rows
),

icp_hashes as (
    select
        icp_profiles.icp_id,
        md5(
            coalesce(
                {{ ordered_string_agg(
                    "icp_rows.seed_name || ':' || icp_rows.row_text",
                    '\\n',
                    'icp_rows.seed_name, icp_rows.row_text'
                ) }},
                ''
            )
        ) as icp_grid_hash
    from icp_profiles
    left join icp_rows
        on icp_profiles.icp_id = icp_rows.icp_id
    group by icp_profiles.icp_id
),

-- The review dates are not hashed: reviewing a grid without changing it keeps its version.
final as (
    select
        icp_hashes.icp_id,
        left(md5(icp_hashes.icp_grid_hash || shared_hash.shared_grid_hash), 12) as grid_version,
        icp_profiles.last_reviewed_on as grid_reviewed_on,
        coalesce(icp_profiles.review_every_months, {{ var('grid_review_every_months') }}) as review_every_months,
        {{ grid_review_due_on('icp_profiles.last_reviewed_on', 'icp_profiles.review_every_months') }}
            as grid_review_due_on
    from icp_hashes
    cross join shared_hash
    inner join icp_profiles
        on icp_hashes.icp_id = icp_profiles.icp_id
)

select * from final
