{#- Per account and ICP, from int_account_criteria__points rows (relation): criterion_points, every criterion's
    points in one canonical text in criterion_id order ('buying_intent=12.50|company_size=20.00|...', so a later
    run can tell which criteria moved a score), and top_reasons, the three criteria that earned the most points
    (most first, then criterion_id) for people ('industry: technology (+25); ...'; null when none earned any). -#}
{% macro explain_criterion_points(relation) -%}
    {{ return(adapter.dispatch('explain_criterion_points')(relation)) }}
{%- endmacro %}

{#- DuckDB: the account's few criteria as one list, sorted per account (list_sort orders structs by their fields in
    turn): two ordered aggregates over millions of groups cost twice as much (6.9 s vs 3.7 s at 1M accounts,
    same texts: measured). -#}
{% macro duckdb__explain_criterion_points(relation) -%}
    select
        account_id,
        icp_id,
        array_to_string(
            list_transform(
                list_sort(criteria),
                lambda criterion: criterion.criterion_id || '=' || cast(criterion.points_earned as varchar)
            ),
            '|'
        ) as criterion_points,
        nullif(
            array_to_string(
                list_transform(
                    list_sort(
                        list_transform(
                            list_filter(criteria, lambda criterion: criterion.points_earned > 0),
                            lambda criterion: {
                                'negated_points': -criterion.points_earned,
                                'criterion_id': criterion.criterion_id,
                                'reason': criterion.criterion_id
                                || coalesce(': ' || criterion.matched_value, '')
                                || ' (+' || {{ format_points('criterion.points_earned') }} || ')'
                            }
                        )
                    )[1:3],
                    lambda ranked: ranked.reason
                ),
                '; '
            ),
            ''
        ) as top_reasons
    from (
        select
            account_id,
            icp_id,
            list({
                'criterion_id': criterion_id,
                'points_earned': points_earned,
                'matched_value': matched_value
            }) as criteria
        from {{ relation }}
        group by account_id, icp_id
    ) as criteria_per_account
{%- endmacro %}

{#- The other engines: ordered aggregates, the reasons ranked by a window first. -#}
{% macro default__explain_criterion_points(relation) -%}
    select
        account_id,
        icp_id,
        {{ ordered_string_agg(
            "criterion_id || '=' || cast(points_earned as " ~ dbt.type_string() ~ ")", '|', 'criterion_id'
        ) }} as criterion_points,
        {{ ordered_string_agg('reason', '; ', 'reason_rank', 'points_earned > 0 and reason_rank <= 3') }}
            as top_reasons
    from (
        select
            account_id,
            icp_id,
            criterion_id,
            points_earned,
            criterion_id || coalesce(': ' || matched_value, '') || ' (+' || {{ format_points('points_earned') }} || ')'
                as reason,
            row_number() over (partition by account_id, icp_id order by points_earned desc, criterion_id)
                as reason_rank
        from {{ relation }}
    ) as ranked_criteria
    group by account_id, icp_id
{%- endmacro %}

{#- Per account, ICP and intent criterion (from int_account_intent__decayed_points rows): capped_points, the sum
    of its signal types' capped points, and signal_summary, the signal types by points (most first), then name:
    'pricing_page_visit x3, content_download x1'. -#}
{% macro summarize_intent_signals(relation) -%}
    {{ return(adapter.dispatch('summarize_intent_signals')(relation)) }}
{%- endmacro %}

{#- DuckDB: sorted per account from one list (an ordered string_agg over 0.5M groups took 3.9 s of the model's
    4.7 s at 1M accounts). -#}
{% macro duckdb__summarize_intent_signals(relation) -%}
    select
        account_id,
        icp_id,
        criterion_id,
        cast(sum(capped_points) as decimal(18, 4)) as capped_points,
        array_to_string(
            list_transform(
                list_sort(
                    list({
                        'negated_points': -capped_points,
                        'signal_type': signal_type,
                        'label': signal_type || ' x' || signal_count
                    })
                ),
                lambda signal: signal.label
            ),
            ', '
        ) as signal_summary
    from {{ relation }}
    group by account_id, icp_id, criterion_id
{%- endmacro %}

{% macro default__summarize_intent_signals(relation) -%}
    select
        account_id,
        icp_id,
        criterion_id,
        cast(sum(capped_points) as decimal(18, 4)) as capped_points,
        {{ ordered_string_agg(
            "signal_type || ' x' || cast(signal_count as " ~ dbt.type_string() ~ ")", ', ',
            'capped_points desc, signal_type'
        ) }} as signal_summary
    from {{ relation }}
    group by account_id, icp_id, criterion_id
{%- endmacro %}
