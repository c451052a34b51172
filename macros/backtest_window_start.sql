{#- First day of the backtest window, as a SQL date literal: var('backtest_window_start') when set (YYYY-MM-DD),
    else the scoring date minus var('backtest_window_days') days. -#}
{% macro backtest_window_start() -%}
    {%- set configured = var('backtest_window_start', '') | string | trim -%}
    {%- if configured in ['', 'None', 'none'] -%}
        cast({{ dbt.dateadd('day', -(var('backtest_window_days', 180) | int), scoring_date()) }} as date)
    {%- else -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', configured) -%}
            {{ exceptions.raise_compiler_error(
                "var('backtest_window_start') must be a date written YYYY-MM-DD (got '" ~ configured ~ "')."
            ) }}
        {%- endif -%}
        cast('{{ configured }}' as date)
    {%- endif -%}
{%- endmacro %}
