{#- The select mapping every spelling of a currency to its ISO code, as (lookup_key, currency_code): the code
    itself and each symbol or word of the rates seed's currency_symbols (separated by spaces), lower case
    without spaces, as amount texts are compared. DuckDB's string_split and unnest live here. -#}
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
        select
            currency_code,
            unnest(string_split(trim(coalesce(currency_symbols, '')), ' ')) as currency_symbol
        from {{ currency_rates }}
    ) as symbols
    where symbols.currency_symbol != ''
{%- endmacro %}
