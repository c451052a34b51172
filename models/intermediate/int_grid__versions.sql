{#- The grid version of each ICP: a hash of every seed row that can change its scores, tiers or plays (its
    own grid rows and the shared alias and reference tables), so a result can always be traced to its grid. -#}
{%- set icp_tables = [
    'icp_criteria', 'icp_criterion_value_points', 'icp_criterion_band_points',
    'icp_intent_signal_points', 'icp_grade_bands', 'icp_tier_capacities',
    'icp_engagement_levels', 'icp_plays'
] -%}
{%- set shared_tables = [
    'industries', 'industry_aliases', 'countries', 'country_aliases', 'technologies',
    'technology_aliases', 'intent_signal_types', 'intent_signal_type_aliases', 'free_mail_domains'
] -%}

with

icp_profiles as (
    select * from {{ ref('icp_profiles') }}
),

icp_rows as (
    {%- for table_name in icp_tables %}
        select
            icp_id,
            '{{ table_name }}' as seed_name,
            -- the table alias used as a column is the whole row (a struct), cast to text
            cast(seed_row as varchar) as row_text
        from {{ ref(table_name) }} as seed_row  -- noqa: AL05
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

shared_rows as (
    {%- for table_name in shared_tables %}
        select
            '{{ table_name }}' as seed_name,
            -- the table alias used as a column is the whole row (a struct), cast to text
            cast(seed_row as varchar) as row_text
        from {{ ref(table_name) }} as seed_row  -- noqa: AL05
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

shared_hash as (
    select
        md5(coalesce(string_agg(seed_name || ':' || row_text, '\n' order by seed_name, row_text), ''))
            as shared_grid_hash
    from shared_rows
),

icp_hashes as (
    select
        icp_profiles.icp_id,
        md5(
            coalesce(
                string_agg(
                    icp_rows.seed_name || ':' || icp_rows.row_text, '\n'
                    order by icp_rows.seed_name, icp_rows.row_text
                ),
                ''
            )
        ) as icp_grid_hash
    from icp_profiles
    left join icp_rows
        on icp_profiles.icp_id = icp_rows.icp_id
    group by icp_profiles.icp_id
),

final as (
    select
        icp_hashes.icp_id,
        left(md5(icp_hashes.icp_grid_hash || shared_hash.shared_grid_hash), 12) as grid_version
    from icp_hashes
    cross join shared_hash
)

select * from final
