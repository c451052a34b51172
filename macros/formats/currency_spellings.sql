{#- The select mapping every spelling of a currency to its ISO code, as (lookup_key, currency_code): the code
    itself and each symbol or word of the rates seed's currency_symbols (separated by spaces), lower case
    without spaces, as amount texts are compared. -#}
{% macro currency_spellings(currency_rates) -%}
    select
        lower(currency_code) as lookup_key,
        currency_code
    from {{ currency_rates }}
    union
    select
        lower(symbols.currency_symbol) as lookup_key,
        symbols.currency_code
    from (
        {{ split_to_rows(currency_rates, 'currency_code', "trim(coalesce(currency_symbols, ''))", ' ', 'currency_symbol') }}
    ) as symbols
    where symbols.currency_symbol != ''
{%- endmacro %}
