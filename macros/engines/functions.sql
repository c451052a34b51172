{#- Functions whose name or form differs between the engines (DuckDB, PostgreSQL, Spark). DuckDB keeps its own
    function in each (the models were measured with it); the others get theirs. -#}

{#- The value cast to a type, or null when it cannot be (DuckDB's and Spark's try_cast). On PostgreSQL, a
    PL/pgSQL function catches the cast's error (create_engine_functions). type: a type as DuckDB writes it. -#}
{% macro try_cast(expression, type) -%}
    {{ return(adapter.dispatch('try_cast')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, type) -%}
    try_cast({{ expression }} as {{ engine_type(type) }})
{%- endmacro %}

{#- PostgreSQL: numbers are checked by a pattern first (no error to catch: fast, and allowed in parallel plans;
    a double has at most 255 whole digits, the most a pattern may repeat, far below its 308 digits' range);
    dates and timestamps, whose text can match a pattern and still be no date (2026-02-30), go through the
    PL/pgSQL function that catches the cast's error. -#}
{% macro postgres__try_cast(expression, type) -%}
    {%- set base_type = type | lower | replace(' ', '') -%}
    {%- if base_type in ['integer', 'bigint'] -%}
        case
            when {{ regexp_full_match('trim(' ~ expression ~ ')', '[-+]?[0-9]{1,' ~ (9 if base_type == 'integer' else 18) ~ '}') }}
                then cast(trim({{ expression }}) as {{ type }})
        end
    {%- elif base_type == 'double' or base_type.startswith('decimal') -%}
        {%- set whole_digits = 255 if base_type == 'double' else
            (base_type[8:-1].split(',')[0] | int) - (base_type[8:-1].split(',')[1] | int) -%}
        case
            when {{ regexp_full_match(
                'trim(' ~ expression ~ ')', '[-+]?0*([0-9]{1,' ~ whole_digits ~ '}([.][0-9]*)?|[.][0-9]+)'
            ) }}
                then cast(trim({{ expression }}) as {{ engine_type(type) }})
        end
    {%- else -%}
        cast(
            {{ target.schema }}.icp_try_cast(cast({{ expression }} as text), cast(null as {{ engine_type(type) }}))
            as {{ engine_type(type) }}
        )
    {%- endif -%}
{%- endmacro %}

{#- A type as DuckDB writes it (varchar, double, bigint, decimal(18, 2), timestamptz...), as the engine writes it. -#}
{% macro engine_type(type) -%}
    {{ return(adapter.dispatch('engine_type')(type)) }}
{%- endmacro %}

{% macro default__engine_type(type) -%}
    {{ type }}
{%- endmacro %}

{% macro postgres__engine_type(type) -%}
    {{ {'double': 'double precision'}.get(type | lower, type) }}
{%- endmacro %}

{% macro spark__engine_type(type) -%}
    {{ {'varchar': 'string', 'text': 'string', 'timestamptz': 'timestamp'}.get(type | lower, type) }}
{%- endmacro %}

{#- A date written exactly YYYY-MM-DD, or null (the fast path of parse_date). -#}
{% macro try_parse_iso_date(expression) -%}
    {{ return(adapter.dispatch('try_parse_iso_date')(expression)) }}
{%- endmacro %}

{% macro duckdb__try_parse_iso_date(expression) -%}
    cast(try_strptime({{ expression }}, '%Y-%m-%d') as date)
{%- endmacro %}

{% macro default__try_parse_iso_date(expression) -%}
    case when {{ regexp_full_match(expression, '[0-9]{4}-[0-9]{2}-[0-9]{2}') }} then {{ try_cast(expression, 'date') }} end
{%- endmacro %}

{#- A timestamp written exactly YYYY-MM-DD HH:MM:SS, or null (the fast path of parse_timestamp). -#}
{% macro try_parse_iso_timestamp(expression) -%}
    {{ return(adapter.dispatch('try_parse_iso_timestamp')(expression)) }}
{%- endmacro %}

{% macro duckdb__try_parse_iso_timestamp(expression) -%}
    try_strptime({{ expression }}, '%Y-%m-%d %H:%M:%S')
{%- endmacro %}

{% macro default__try_parse_iso_timestamp(expression) -%}
    case
        when {{ regexp_full_match(expression, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}') }}
            then {{ try_cast(expression, 'timestamp') }}
    end
{%- endmacro %}

{#- Any one value of the group (they are all the same where it is used). PostgreSQL 15 has no any_value. -#}
{% macro any_value(expression) -%}
    {{ return(adapter.dispatch('any_value')(expression)) }}
{%- endmacro %}

{% macro default__any_value(expression) -%}
    any_value({{ expression }})
{%- endmacro %}

{% macro postgres__any_value(expression) -%}
    min({{ expression }})
{%- endmacro %}

{#- The value of the row with the smallest key (DuckDB's arg_min). -#}
{% macro arg_min(value, key) -%}
    {{ return(adapter.dispatch('arg_min')(value, key)) }}
{%- endmacro %}

{% macro duckdb__arg_min(value, key) -%}
    arg_min({{ value }}, {{ key }})
{%- endmacro %}

{% macro postgres__arg_min(value, key) -%}
    (array_agg({{ value }} order by {{ key }}) filter (where {{ key }} is not null))[1]
{%- endmacro %}

{% macro spark__arg_min(value, key) -%}
    min_by({{ value }}, {{ key }})
{%- endmacro %}

{#- The length of a text in bytes (UTF-8): above its length in characters when it is not plain ASCII. -#}
{% macro byte_length(expression) -%}
    {{ return(adapter.dispatch('byte_length')(expression)) }}
{%- endmacro %}

{% macro duckdb__byte_length(expression) -%}
    strlen({{ expression }})
{%- endmacro %}

{% macro default__byte_length(expression) -%}
    octet_length({{ expression }})
{%- endmacro %}

{#- A file path's name without folder and extension (`data/landed/crm_accounts.parquet` -> `crm_accounts`). -#}
{% macro file_stem(expression) -%}
    {{ return(adapter.dispatch('file_stem')(expression)) }}
{%- endmacro %}

{% macro duckdb__file_stem(expression) -%}
    parse_filename({{ expression }}, true)
{%- endmacro %}

{% macro default__file_stem(expression) -%}
    regexp_replace(regexp_replace({{ expression }}, '^.*/', ''), '[.][^.]*$', '')
{%- endmacro %}

{#- A number rounded to the nearest whole number, halves away from zero, as a bigint. PostgreSQL rounds a double
    half to even: it rounds the number as numeric. -#}
{% macro round_to_bigint(expression) -%}
    {{ return(adapter.dispatch('round_to_bigint')(expression)) }}
{%- endmacro %}

{% macro default__round_to_bigint(expression) -%}
    cast(round({{ expression }}) as bigint)
{%- endmacro %}

{% macro postgres__round_to_bigint(expression) -%}
    cast(round(cast({{ expression }} as numeric)) as bigint)
{%- endmacro %}

{#- A timestamp with time zone as the timestamp (without time zone) of the same instant in UTC. -#}
{% macro timestamptz_in_utc(expression) -%}
    {{ return(adapter.dispatch('timestamptz_in_utc')(expression)) }}
{%- endmacro %}

{% macro default__timestamptz_in_utc(expression) -%}
    timezone('UTC', {{ expression }})
{%- endmacro %}

{#- Spark has one timestamp type, an instant shown in the session's time zone: the spark target sets it to UTC
    (profiles.yml), so a text with an offset cast to timestamp is already the UTC time. -#}
{% macro spark__timestamptz_in_utc(expression) -%}
    {{ expression }}
{%- endmacro %}

{#- A regular expression class of the currency signs (Unicode category Sc: $ € £ ¥ ₹ ₽ ...). PostgreSQL's
    expressions have no \p{Sc}: the 63 signs of Unicode 14 are listed (Python's unicodedata). -#}
{% macro currency_sign_class() -%}
    {{ return(adapter.dispatch('currency_sign_class')()) }}
{%- endmacro %}

{% macro default__currency_sign_class() -%}
    {{ return('\\p{Sc}') }}
{%- endmacro %}

{% macro postgres__currency_sign_class() -%}
    {{ return('[$¢£¤¥֏؋߾߿৲৳৻૱௹฿៛₠₡₢₣₤₥₦₧₨₩₪₫€₭₮₯₰₱₲₳₴₵₶₷₸₹₺₻₼₽₾₿⃀꠸﷼﹩＄￠￡￥￦𑿝𑿞𑿟𑿠𞋿𞲰]') }}
{%- endmacro %}

{#- The rows of a relation, one per part of a text split on a separator (DuckDB: unnest(string_split(...))):
    the key columns (a SQL list: `a, b`) and the part, named part_column. -#}
{% macro split_to_rows(relation, key_column, text_expression, separator, part_column) -%}
    {{ return(adapter.dispatch('split_to_rows')(relation, key_column, text_expression, separator, part_column)) }}
{%- endmacro %}

{% macro duckdb__split_to_rows(relation, key_column, text_expression, separator, part_column) -%}
    select
        {{ key_column }},
        unnest(string_split({{ text_expression }}, '{{ separator }}')) as {{ part_column }}
    from {{ relation }}
{%- endmacro %}

{% macro postgres__split_to_rows(relation, key_column, text_expression, separator, part_column) -%}
    select
        {{ key_column }},
        unnest(string_to_array({{ text_expression }}, '{{ separator }}')) as {{ part_column }}
    from {{ relation }}
{%- endmacro %}

{% macro spark__split_to_rows(relation, key_column, text_expression, separator, part_column) -%}
    select
        {{ key_column }},
        explode(split({{ text_expression }}, '{{ modules.re.escape(separator) | replace("\\", "\\\\") }}', -1))
            as {{ part_column }}
    from {{ relation }}
{%- endmacro %}

{#- A date as the number yyyymmdd (2026-07-01 -> 20260701); null for null. -#}
{% macro date_as_number(expression) -%}
    cast(
        extract(year from {{ expression }}) * 10000 + extract(month from {{ expression }}) * 100
        + extract(day from {{ expression }}) as bigint
    )
{%- endmacro %}

{#- The whole years from one date to another (a birthday count: 2009-09-01 to 2026-06-30 is 16). -#}
{% macro whole_years_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('whole_years_between')(start_date, end_date)) }}
{%- endmacro %}

{% macro duckdb__whole_years_between(start_date, end_date) -%}
    date_sub('year', {{ start_date }}, {{ end_date }})
{%- endmacro %}

{% macro postgres__whole_years_between(start_date, end_date) -%}
    cast(extract(year from age({{ end_date }}, {{ start_date }})) as bigint)
{%- endmacro %}

{% macro spark__whole_years_between(start_date, end_date) -%}
    cast(floor(months_between({{ end_date }}, {{ start_date }}) / 12) as bigint)
{%- endmacro %}

{#- A division in double precision on every engine (PostgreSQL divides integers as integers and decimals as
    numeric, DuckDB and Spark in doubles): with round_decimal after it, every engine gets the same figure. -#}
{% macro divide(numerator, denominator) -%}
    cast({{ numerator }} as {{ engine_type('double') }}) / cast({{ denominator }} as {{ engine_type('double') }})
{%- endmacro %}

{#- The quotient of two whole numbers rounded down (both are never negative where it is used). -#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide')(numerator, denominator)) }}
{%- endmacro %}

{% macro duckdb__integer_divide(numerator, denominator) -%}
    ({{ numerator }}) // ({{ denominator }})
{%- endmacro %}

{% macro postgres__integer_divide(numerator, denominator) -%}
    cast({{ numerator }} as bigint) / cast({{ denominator }} as bigint)
{%- endmacro %}

{% macro spark__integer_divide(numerator, denominator) -%}
    ({{ numerator }}) div ({{ denominator }})
{%- endmacro %}

{#- A number rounded to `digits` decimals, halves away from zero, as the decimal it looks like: the number is
    first read as a decimal of 10 decimals, so 2.675 and 1.005 (stored in binary a hair below) round up as
    written, the same on every engine (DuckDB rounds a double's binary value; PostgreSQL rounds halves to even
    and has no round(double, digits)). integer_digits: how large the number can be (8: below 100 million). -#}
{% macro round_decimal(expression, digits=0, integer_digits=8) -%}
    round(cast({{ expression }} as decimal({{ integer_digits + 10 }}, 10)), {{ digits }})
{%- endmacro %}

{#- The texts of a group joined by a separator in the given order (order_by: a SQL list such as `a, b`), only
    the rows where `where` holds when given; null when there are none. -#}
{% macro ordered_string_agg(value, separator, order_by, where=none) -%}
    {{ return(adapter.dispatch('ordered_string_agg')(value, separator, order_by, where)) }}
{%- endmacro %}

{% macro default__ordered_string_agg(value, separator, order_by, where) -%}
    string_agg({{ value }}, {{ text_literal(separator) }} order by {{ order_by }})
    {%- if where is not none %} filter (where {{ where }}){% endif %}
{%- endmacro %}

{% macro spark__ordered_string_agg(value, separator, order_by, where) -%}
    listagg({{ value }}, {{ text_literal(separator) }}) within group (order by {{ order_by }})
    {%- if where is not none %} filter (where {{ where }}){% endif %}
{%- endmacro %}

{#- The median of a group's values (the mean of the two middle ones for an even count), nulls ignored. -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro postgres__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{#- Whether a text starts with a prefix (Spark spells the function startswith). -#}
{% macro starts_with(expression, prefix) -%}
    {{ return(adapter.dispatch('starts_with')(expression, prefix)) }}
{%- endmacro %}

{% macro default__starts_with(expression, prefix) -%}
    starts_with({{ expression }}, {{ prefix }})
{%- endmacro %}

{% macro spark__starts_with(expression, prefix) -%}
    startswith({{ expression }}, {{ prefix }})
{%- endmacro %}

{#- The keyword that opens a common table expression computed once and kept for the rest of the query
    (`name as materialized (...)`): DuckDB's plan depends on it where a CTE is read twice (landed_feed_ctes).
    Spark has no such keyword (it decides itself): a plain `as`. -#}
{% macro as_materialized() -%}
    {{ return(adapter.dispatch('as_materialized')()) }}
{%- endmacro %}

{% macro default__as_materialized() -%}
    as materialized
{%- endmacro %}

{% macro spark__as_materialized() -%}
    as
{%- endmacro %}

{#- The keyword that opens a common table expression inlined wherever it is read (`name as not materialized
    (...)`): DuckDB otherwise computes a CTE read twice once, whole, before any filter of its readers applies
    (on the scores' history: every version copied to find the latest run's). Spark: a plain `as`. -#}
{% macro as_not_materialized() -%}
    {{ return(adapter.dispatch('as_not_materialized')()) }}
{%- endmacro %}

{% macro default__as_not_materialized() -%}
    as not materialized
{%- endmacro %}

{% macro spark__as_not_materialized() -%}
    as
{%- endmacro %}

{#- The value of a group's first row in the given order (order_by: a list of SQL expressions), among the rows
    where `where` holds (every row when none is given); null when there are none. -#}
{% macro first_in_order(value, order_by, where=none) -%}
    {{ return(adapter.dispatch('first_in_order')(value, order_by, where)) }}
{%- endmacro %}

{% macro duckdb__first_in_order(value, order_by, where) -%}
    arg_min({{ value }}, ({{ order_by | join(', ') }}))
    {%- if where is not none %} filter (where {{ where }}){% endif %}
{%- endmacro %}

{% macro postgres__first_in_order(value, order_by, where) -%}
    (array_agg({{ value }} order by {{ order_by | join(', ') }})
    {%- if where is not none %} filter (where {{ where }}){% endif %})[1]
{%- endmacro %}

{% macro spark__first_in_order(value, order_by, where) -%}
    min_by({{ value }}, struct({{ order_by | join(', ') }}))
    {%- if where is not none %} filter (where {{ where }}){% endif %}
{%- endmacro %}
