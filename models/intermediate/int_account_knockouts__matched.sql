{#- The knock-outs (icp_knockouts.csv) that take an account out of an ICP's ranking: one row per account and ICP
    a knock-out fires for, the first by knockout_id naming the reason. `is`: one of the account's values is a
    listed one; `is_not`: the account has values for the attribute and none is listed; `below` / `above`: its
    number is below / above the value. A missing value never fires. Values are compared ignoring case (a CRM
    field's `text` values also ignoring accents and spaces, as its criteria compare them). -#}
with

knockouts as (
    select
        *,
        {{ normalize_lookup_key('knockout_value') }} as knockout_key
    from {{ ref('icp_knockouts') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

country_group_members as (
    select * from {{ ref('country_group_members') }}
),

technologies as (
    select * from {{ ref('int_account_technologies__matched') }}
),

opportunities as (
    select * from {{ ref('int_crm_opportunities__matched_to_accounts') }}
),

crm_field_values as (
    select * from {{ ref('int_account_crm_fields__read') }}
),

-- The attributes the grid's knock-outs read: only those are gathered (none with no knock-out, the shipped grid).
used_attributes as (
    select distinct account_attribute from knockouts
),

-- The account's values of every attribute a knock-out reads, one row per value (text, and number).
account_values as (
    {%- for attribute, column in [
        ('domain', 'domain'), ('industry', 'industry'), ('country', 'country_code'),
        ('employee_count', 'employee_count'), ('annual_revenue', 'annual_revenue'),
    ] %}
        select
            account_id,
            '{{ attribute }}' as account_attribute,
            cast({{ column }} as {{ engine_type('varchar') }}) as account_value,
            {%- if attribute in ('employee_count', 'annual_revenue') %}
                cast({{ column }} as decimal(18, 2)) as account_number
            {%- else %}
                cast(null as decimal(18, 2)) as account_number
            {%- endif %}
        from accounts
        where
            {{ column }} is not null
            and '{{ attribute }}' in (select used_attributes.account_attribute from used_attributes)
        union all
    {%- endfor %}
    select
        accounts.account_id,
        'country_group' as account_attribute,
        country_group_members.country_group as account_value,
        cast(null as decimal(18, 2)) as account_number
    from accounts
    inner join country_group_members
        on accounts.country_code = country_group_members.country_code
    where 'country_group' in (select used_attributes.account_attribute from used_attributes)
    union all
    select
        account_id,
        'technology' as account_attribute,
        technology as account_value,
        cast(null as decimal(18, 2)) as account_number
    from technologies
    where 'technology' in (select used_attributes.account_attribute from used_attributes)
    union all
    select
        account_id,
        account_attribute,
        case when read_as = 'text' then field_key else field_value end as account_value,
        cast(field_number as decimal(18, 2)) as account_number
    from crm_field_values
    where
        field_value is not null
        and account_attribute in (select used_attributes.account_attribute from used_attributes)
    union all
    select distinct
        account_id,
        'won_deal' as account_attribute,
        'true' as account_value,
        cast(null as decimal(18, 2)) as account_number
    from opportunities
    where
        is_used and is_won and closed_date <= {{ scoring_date() }}
        and 'won_deal' in (select used_attributes.account_attribute from used_attributes)
),

rules as (
    select
        icp_id,
        knockout_id,
        {{ any_value('account_attribute') }} as account_attribute,
        {{ any_value('operator') }} as rule_operator,
        {{ any_value('excluded_reason') }} as excluded_reason
    from knockouts
    group by icp_id, knockout_id
),

-- Account values that meet a knock-out row (for `is_not`: a listed value, which spares the account).
matched_values as (
    select distinct
        account_values.account_id,
        knockouts.icp_id,
        knockouts.knockout_id
    from account_values
    inner join knockouts
        on
            account_values.account_attribute = knockouts.account_attribute
            and case knockouts.operator
                when 'below'
                    then account_values.account_number < {{ try_cast('knockouts.knockout_value', 'decimal(18, 2)') }}
                when 'above'
                    then account_values.account_number > {{ try_cast('knockouts.knockout_value', 'decimal(18, 2)') }}
                else lower(account_values.account_value) = knockouts.knockout_key
            end
),

fired_on_a_value as (
    select
        matched_values.account_id,
        matched_values.icp_id,
        matched_values.knockout_id
    from matched_values
    inner join rules
        on matched_values.icp_id = rules.icp_id and matched_values.knockout_id = rules.knockout_id
    where rules.rule_operator != 'is_not'
),

fired_on_no_listed_value as (
    select distinct
        account_values.account_id,
        rules.icp_id,
        rules.knockout_id
    from account_values
    inner join rules
        on account_values.account_attribute = rules.account_attribute and rules.rule_operator = 'is_not'
    left join matched_values
        on
            account_values.account_id = matched_values.account_id
            and rules.icp_id = matched_values.icp_id
            and rules.knockout_id = matched_values.knockout_id
    where matched_values.account_id is null
),

fired as (
    select * from fired_on_a_value
    union all
    select * from fired_on_no_listed_value
),

final as (
    select
        fired.account_id,
        fired.icp_id,
        min(fired.knockout_id) as excluded_by,
        {{ arg_min('rules.excluded_reason', 'fired.knockout_id') }} as excluded_reason,
        count(*) as knockout_count
    from fired
    inner join rules
        on fired.icp_id = rules.icp_id and fired.knockout_id = rules.knockout_id
    group by fired.account_id, fired.icp_id
)

select * from final
