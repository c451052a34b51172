-- Amounts are converted to var('grid_currency'), and an amount written without a currency is in
-- var('default_currency') (empty: the grid's): both need a rate in currency_rates.csv, or no amount is read.

with

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

settings as (
    select
        'grid_currency' as var_name,
        {{ currency_var('grid_currency') }} as currency_code
    union all
    select
        'default_currency' as var_name,
        {{ currency_var('default_currency') }} as currency_code
),

final as (
    select
        'var ' || settings.var_name || ' is ' || settings.currency_code || ', which has no row in '
        || 'seeds/reference/currency_rates.csv: add its rate (units per euro, with its date) or set the var '
        || 'to a currency of that file.' as failure_reason
    from settings
    left join currency_rates
        on settings.currency_code = currency_rates.currency_code
    where currency_rates.currency_code is null
)

select * from final
