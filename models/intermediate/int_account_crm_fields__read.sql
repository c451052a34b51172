{#- The account's values of the CRM fields (icp_crm_fields.csv) that a criterion or a knock-out reads, read as
    the field is declared. One row per account and such field, a blank value too (a criterion then scores it
    as missing data). Fields nothing reads are not read: the shipped grid declares two and reads neither. -#}
with

field_aliases as (
    select * from {{ ref('icp_crm_field_aliases') }}
),

accounts as (
    select * from {{ ref('int_accounts__deduplicated') }}
),

crm_values as (
    select * from {{ ref('stg_crm__account_fields') }}
),

used_fields as (
    select
        account_attribute,
        read_as,
        {{ crm_column_key('crm_column') }} as crm_column_key
    from ({{ grid_crm_fields_read() }}) as fields_read
),

alias_keys as (
    select
        account_attribute,
        {{ normalize_lookup_key('crm_value') }} as crm_value_key,
        field_value
    from field_aliases
),

-- The surviving record's value of each used field (none: a blank or absent value).
account_values as (
    select
        accounts.account_id,
        used_fields.account_attribute,
        used_fields.read_as,
        crm_values.crm_value
    from accounts
    cross join used_fields
    left join crm_values
        on
            accounts.crm_record_id = crm_values.crm_record_id
            and used_fields.crm_column_key = crm_values.crm_column_key
),

read_values as (
    select
        account_values.*,
        coalesce(alias_keys.field_value, account_values.crm_value) as field_text,
        case account_values.read_as
            when 'number'
                then {{ try_cast(normalize_number_text(remove_spaces('account_values.crm_value')), 'double') }}
            -- A year alone: the difference of the years (2009 as of 2026-06-30: 17); a date: the whole years
            -- from it to the scoring date (2009-09-01: 16).
            when 'years_since'
                then case
                        when {{ regexp_full_match('account_values.crm_value', '[0-9]{4}') }}
                            then extract(year from {{ scoring_date() }}) - cast(account_values.crm_value as integer)
                        else {{ whole_years_between(parse_date('account_values.crm_value'), scoring_date()) }}
                    end
        end as field_number
    from account_values
    left join alias_keys
        on
            account_values.read_as = 'text'
            and account_values.account_attribute = alias_keys.account_attribute
            and {{ normalize_lookup_key('account_values.crm_value') }} = alias_keys.crm_value_key
),

final as (
    select
        account_id,
        account_attribute,
        read_as,
        crm_value,
        case
            when read_as = 'text' then field_text
            when field_number is null or field_number < 0 then null
            when read_as = 'years_since' then cast(cast(field_number as integer) as {{ engine_type('varchar') }})
            else crm_value
        end as field_value,
        case when read_as = 'text' then {{ normalize_lookup_key('field_text') }} end as field_key,
        case when field_number >= 0 then field_number end as field_number
    from read_values
)

select * from final
