{#- The as-of date of the scoring, as a SQL date literal: var('scoring_date') when set (YYYY-MM-DD), else the
    environment variable ICP_SCORING_DATE when set (how the icp commands pass it: dbt parses the whole project
    again whenever --vars change, i.e. on every new date, and only the files that read a changed environment
    variable), else the date the dbt run started (UTC). Fails the build on anything that is not a real date. -#}
{% macro scoring_date() -%}
    {%- set configured = var('scoring_date', '') | string | trim -%}
    {%- if configured in ['', 'None', 'none'] -%}
        {%- set configured = env_var('ICP_SCORING_DATE', '') | trim -%}
    {%- endif -%}
    {%- if configured in ['', 'None', 'none'] -%}
        {%- set configured = run_started_at.strftime('%Y-%m-%d') -%}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', configured) -%}
        {{ exceptions.raise_compiler_error(
            "var('scoring_date') (or ICP_SCORING_DATE) must be a date written YYYY-MM-DD (got '" ~ configured
            ~ "'). Example: dbt build --vars '{scoring_date: 2026-01-31}'"
        ) }}
    {%- endif -%}
    {%- set parsed = modules.datetime.datetime.strptime(configured, '%Y-%m-%d') -%}
    cast('{{ parsed.strftime("%Y-%m-%d") }}' as date)
{%- endmacro %}
