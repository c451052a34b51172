{#- The country groups (regions) of each account's country, one row per account and group, for a grid criterion
    on the region (issue #17). A country may be in several groups (Germany: dach, emea, eu); an account
    without a mapped country, or whose country is in no group, has no row. -#}
with

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

country_group_members as (
    select * from {{ ref('country_group_members') }}
),

final as (
    select
        accounts.account_id,
        accounts.country_code,
        country_group_members.country_group
    from accounts
    inner join country_group_members
        on accounts.country_code = country_group_members.country_code
)

select * from final
