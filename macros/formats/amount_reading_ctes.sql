{#- The CTEs that read a money column, each followed by a comma: <name>_currency_lookup (every spelling of a
    currency: the ISO codes and currency_symbols of the rates seed, currency_spellings), <name>_parts (each
    distinct cleaned text split into sign, currency text, number and unit) and <name>_readings, one row per
    distinct text (amount_text) with:
      - amount_currency: the currency it is written in (ISO code; null unless parsed or negative): the
        currency text before or after the number (`€`, `CHF`, `A$`, `usd`, `M€`'s `€`), else
        var('default_currency') (empty: the grid's); a whole suffix that is a currency (`mxn`) is one before it
        is a unit and a currency (`m` + `xn`);
      - amount_currency_text: the currency as written (lower case, no spaces), for unmapped_values;
      - amount_value: the amount converted to var('grid_currency') with the rates seed
        (amount * grid currency's units per euro / its currency's units per euro), signed; null unless parsed or
        negative;
      - amount_status: `missing` (nothing but a currency, `$`), `unparseable` (not one number, or followed by
        text that is not a currency: `12 employees`), `negative`, `unknown_currency` (a currency-like text,
        two or three letters or a currency sign, with no rate in the rates seed: `100 kr`, `VND 5000`;
        flagged, never converted) or `parsed`.
    Arguments: the relation (CTE) and column holding the text as clean_amount_text returns it, and the import
    CTE of the seed currency_rates. -#}
{% macro amount_reading_ctes(name, relation, text_column, currency_rates) %}
{#- Text that reads as a currency: two or three letters (an ISO code, `kr`), or anything holding a currency sign. -#}
{%- set currency_like = '[a-z]{2,3}\\.?|[^0-9]*' ~ currency_sign_class() ~ '[^0-9]*' -%}
-- Every spelling of a currency: its ISO code and its symbols (rates seed), lower case without spaces.
{{ name }}_currency_lookup as (
    {{ currency_spellings(currency_rates) }}
),

-- Each distinct text once: its sign, the currency text around the number (without the unit), number and unit.
{{ name }}_parts as (
    select
        amount_text,
        {{ amount_text_part('amount_text', 'number') }} as number_text,
        {{ regexp_contains(amount_text_part('amount_text', 'prefix'), '[-−]') }} as has_minus_sign,
        {{ regexp_replace_all(amount_text_part('amount_text', 'prefix'), '[-−]', '') }} as currency_prefix,
        {{ amount_text_part('amount_text', 'suffix') }} as suffix_text,
        {{ amount_unit(amount_text_part('amount_text', 'suffix')) }} as unit_text
    from (select distinct {{ text_column }} as amount_text from {{ relation }}) as distinct_texts
    where amount_text is not null
),

{{ name }}_matched as (
    select
        parts.amount_text,
        parts.number_text,
        parts.has_minus_sign,
        parts.unit_text,
        parts.currency_prefix || parts.suffix_text as whole_currency_text,
        parts.currency_prefix || substr(parts.suffix_text, length(parts.unit_text) + 1) as unit_currency_text,
        whole_currency.currency_code as whole_currency_code,
        unit_currency.currency_code as unit_currency_code
    from {{ name }}_parts as parts
    left join {{ name }}_currency_lookup as whole_currency
        on parts.currency_prefix || parts.suffix_text = whole_currency.lookup_key
    left join {{ name }}_currency_lookup as unit_currency
        on
            parts.currency_prefix || substr(parts.suffix_text, length(parts.unit_text) + 1) = unit_currency.lookup_key
            and parts.unit_text != ''
),

{{ name }}_read as (
    select
        amount_text,
        number_text,
        unit_text,
        number_text is null and whole_currency_code is not null as is_currency_only,
        case
            when whole_currency_text = '' then {{ currency_var('default_currency') }}
            when whole_currency_code is not null then whole_currency_code
            when unit_text != '' and unit_currency_text = '' then {{ currency_var('default_currency') }}
            when unit_text != '' then unit_currency_code
        end as amount_currency,
        case
            when whole_currency_code is not null or unit_text = '' then whole_currency_text
            when unit_currency_code is not null or unit_currency_text = '' then unit_currency_text
            when {{ regexp_full_match('unit_currency_text', currency_like) }} then unit_currency_text
            else whole_currency_text
        end as amount_currency_text,
        -- A unit counts unless the whole suffix is a currency (`mxn` is pesos, not millions of `xn`).
        (case when has_minus_sign then -1 else 1 end) * {{ parse_amount(
            'number_text', "case when whole_currency_code is null then unit_text else '' end"
        ) }} as amount_number
    from {{ name }}_matched
),

{{ name }}_judged as (
    select
        amount_read.amount_text,
        amount_read.amount_currency,
        amount_read.amount_currency_text,
        case
            when amount_read.amount_currency = {{ currency_var('grid_currency') }} then amount_read.amount_number
            else amount_read.amount_number * grid_rate.units_per_euro / currency_rate.units_per_euro
        end as amount_value,
        case
            when amount_read.is_currency_only then 'missing'
            when amount_read.amount_number is null then 'unparseable'
            when
                amount_read.amount_currency is null
                and not {{ regexp_full_match('amount_read.amount_currency_text', currency_like) }}
                then 'unparseable'
            when amount_read.amount_number < 0 then 'negative'
            when currency_rate.units_per_euro is null or grid_rate.units_per_euro is null then 'unknown_currency'
            else 'parsed'
        end as amount_status
    from {{ name }}_read as amount_read
    left join {{ currency_rates }} as currency_rate
        on amount_read.amount_currency = currency_rate.currency_code
    left join {{ currency_rates }} as grid_rate
        on grid_rate.currency_code = {{ currency_var('grid_currency') }}
),

{{ name }}_readings as (
    select
        amount_text,
        case when amount_status in ('parsed', 'negative') then amount_currency end as amount_currency,
        amount_currency_text,
        case when amount_status in ('parsed', 'negative') then amount_value end as amount_value,
        amount_status
    from {{ name }}_judged
),
{% endmacro %}
