-- The world regions of country_group_members.csv (emea, apac, latam, north_america) share the world out: every
-- country of countries.csv but Antarctica (AQ) is in exactly one of them, so a grid scoring on the region never
-- misses a country nor counts one twice.

with

countries as (
    select * from {{ ref('countries') }}
),

country_group_members as (
    select * from {{ ref('country_group_members') }}
),

world_regions as (
    select * from country_group_members
    where country_group in ('emea', 'apac', 'latam', 'north_america')
),

regions_per_country as (
    select
        countries.country_code,
        count(world_regions.country_group) as region_count,
        {{ ordered_string_agg('world_regions.country_group', ', ', 'world_regions.country_group') }} as regions
    from countries
    left join world_regions
        on countries.country_code = world_regions.country_code
    group by countries.country_code
),

final as (
    select
        country_code,
        region_count,
        'country_group_members.csv: ' || country_code || ' is in '
        || case when region_count = 0 then 'none' else regions end
        || ' of the world regions emea, apac, latam, north_america; it must be in exactly one'
        || case when country_code = 'AQ' then ' (Antarctica: in none)' else '' end
        || '.' as failure_reason
    from regions_per_country
    where region_count != case when country_code = 'AQ' then 0 else 1 end
)

select * from final
