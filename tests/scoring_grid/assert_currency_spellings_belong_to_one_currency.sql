-- Amounts match a currency by its code or a symbol of currency_rates.csv (case and spaces ignored): a spelling
-- listed for two currencies would make an amount's currency a matter of chance.

with

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

spellings as (
    {{ currency_spellings('currency_rates') }}
),

final as (
    select
        'seeds/reference/currency_rates.csv: the spelling "' || lookup_key || '" belongs to '
        || {{ ordered_string_agg('currency_code', ' and ', 'currency_code') }}
        || ': keep it in the currency_symbols of one row.' as failure_reason
    from spellings
    group by lookup_key
    having count(distinct currency_code) > 1
)

select * from final
