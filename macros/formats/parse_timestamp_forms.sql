{#- A date or timestamp read from text in any of the accepted forms, in UTC; null when it is none of them or
    not a real date (`31/02/2024`). Surrounding spaces are ignored. The forms:
      - ISO 8601: `2026-03-15`, `2026-03-15 10:00`, `2026-03-15T10:00:00.5` (taken as UTC, as always), and with
        an offset or Z (`2026-12-04T23:30-05:00`, `2026-12-04 23:30:00+0100`, `...Z`): converted to UTC;
      - day and month first, with `/`, `.` or `-`, a four-digit year and an optional time (`15/03/2024`,
        `15.03.2024`, `15-03-2024`, `15/11/2026 10:00`, `3/4/2026 9:05:00`); which of the first two numbers is
        the day: the one above 12 when one is (`25/12/2026`, `12/25/2026`), else var('date_order'): `dmy`
        (default, European extracts: `03/04/2026` is 3 April) or `mdy` (US extracts: 4 March);
      - year first with `/` or `.` (`2026/03/15`, `2026.03.15 10:00`).
    Two-digit years, month names and Excel serial numbers are not read (the value gets its status). -#}
{% macro parse_timestamp_forms(expression) -%}
    {%- set date_order = format_var('date_order', ['dmy', 'mdy']) -%}
    {%- set text = 'trim(' ~ expression ~ ')' -%}
    {%- set time = "(?:[ tT]([0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?))?" -%}
    {%- set iso = "([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})" ~ time ~ " ?([zZ]|[+-][0-9]{2}(?::?[0-9]{2})?)?" -%}
    {%- set day_month = "([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})" ~ time -%}
    {%- set year_first = "([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})" ~ time -%}
    {%- set first = try_cast(regexp_group(text, day_month, 1), 'integer') -%}
    {%- set second = try_cast(regexp_group(text, day_month, 2), 'integer') -%}
    {#- Which of the first two numbers is the month, and which the day. -#}
    {%- set month_of_day_month -%}
        case
            when {{ first }} > 12 then {{ second }}
            when {{ second }} > 12 then {{ first }}
            else {{ second if date_order == 'dmy' else first }}
        end
    {%- endset -%}
    {%- set day_of_day_month -%}
        case
            when {{ first }} > 12 then {{ first }}
            when {{ second }} > 12 then {{ second }}
            else {{ first if date_order == 'dmy' else second }}
        end
    {%- endset -%}
    {%- set day_month_time = "nullif(" ~ regexp_group(text, day_month, 4) ~ ", '')" -%}
    {%- set year_first_time = "nullif(" ~ regexp_group(text, year_first, 4) ~ ", '')" -%}
    {%- set iso_date_time = regexp_group(text, iso, 1) ~ " || coalesce(' ' || replace(nullif("
        ~ regexp_group(text, iso, 2) ~ ", ''), ',', '.'), '')" -%}
    {#- With an offset, a time without seconds gets them: Spark reads `23:30:00-05:00`, not `23:30-05:00`. -#}
    {%- set iso_time = "nullif(" ~ regexp_group(text, iso, 2) ~ ", '')" -%}
    {%- set iso_date_time_with_seconds = regexp_group(text, iso, 1) ~ " || coalesce(' ' || case when "
        ~ regexp_full_match(iso_time, '[0-9]{1,2}:[0-9]{2}') ~ " then " ~ iso_time ~ " || ':00' else replace("
        ~ iso_time ~ ", ',', '.') end, '')" -%}
    case
        when {{ regexp_full_match(text, iso) }} then
            case
                when {{ regexp_group(text, iso, 3) }} = '' then {{ try_cast(iso_date_time, 'timestamp') }}
                else {{ timestamptz_in_utc(
                    try_cast(
                        iso_date_time_with_seconds ~ ' || upper(' ~ regexp_group(text, iso, 3) ~ ')', 'timestamptz'
                    )
                ) }}
            end
        when {{ regexp_full_match(text, day_month) }} then {{ try_cast(
            regexp_group(text, day_month, 3)
            ~ " || '-' || lpad(cast(" ~ month_of_day_month ~ " as " ~ engine_type('varchar') ~ "), 2, '0')"
            ~ " || '-' || lpad(cast(" ~ day_of_day_month ~ " as " ~ engine_type('varchar') ~ "), 2, '0')"
            ~ " || coalesce(' ' || replace(" ~ day_month_time ~ ", ',', '.'), '')",
            'timestamp'
        ) }}
        when {{ regexp_full_match(text, year_first) }} then {{ try_cast(
            regexp_group(text, year_first, 1)
            ~ " || '-' || lpad(" ~ regexp_group(text, year_first, 2) ~ ", 2, '0')"
            ~ " || '-' || lpad(" ~ regexp_group(text, year_first, 3) ~ ", 2, '0')"
            ~ " || coalesce(' ' || replace(" ~ year_first_time ~ ", ',', '.'), '')",
            'timestamp'
        ) }}
    end
{%- endmacro %}
