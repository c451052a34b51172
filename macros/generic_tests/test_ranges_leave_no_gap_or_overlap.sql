{#- Per group (e.g. per ICP and criterion), the ranges [lower_column, upper_column) of a seed start at
    `starts_at`, follow each other without gap or overlap (each lower bound is the previous upper bound) and,
    when `ends_at` is given, end there; only the last range may lack an upper bound. With `missing`, every ICP
    of icp_profiles must have ranges (for each of `missing.values` of the group column `missing.column`).

    Failures name the file, the row and the fix: `messages` holds the sentence of each problem, a template with
    the placeholders {label}, {previous_label}, {lower}, {upper}, {previous_upper} and the group columns; a
    problem without a sentence is not checked. `location` names the row ({label} and the group columns), `fix`
    ends the message. -#}
{% test ranges_leave_no_gap_or_overlap(
    model, lower_column, upper_column, label_column, group_columns, order_by, messages, location, fix,
    starts_at=0, ends_at=none, missing=none
) %}

{%- set seed_file = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed')
    | selectattr('alias', 'equalto', model.identifier) | map(attribute='original_file_path') | first
    if execute else model.identifier -%}
{%- set partition = group_columns | join(', ') -%}
{%- set row_placeholders = {
    'label': label_column,
    'previous_label': 'previous_label',
    'lower': lower_column,
    'upper': upper_column,
    'previous_upper': 'previous_upper',
} -%}
{%- set location_placeholders = {'label': 'range_label'} -%}
{%- for column in group_columns -%}
    {%- do row_placeholders.update({column: column}) -%}
    {%- do location_placeholders.update({column: column}) -%}
{%- endfor -%}
{%- set checks = [
    ('not_increasing', upper_column ~ ' is not null and ' ~ lower_column ~ ' >= ' ~ upper_column),
    ('first_not_at_start', 'range_number = 1 and ' ~ lower_column ~ ' != ' ~ starts_at),
    ('open_not_last', 'range_number > 1 and previous_upper is null'),
    ('gap', 'range_number > 1 and ' ~ lower_column ~ ' > previous_upper'),
    ('overlap', 'range_number > 1 and ' ~ lower_column ~ ' < previous_upper'),
    ('last_not_at_end', 'range_number = range_count and ' ~ upper_column ~ ' != ' ~ ends_at),
] -%}

with

ranges as (
    select * from {{ model }}
),

ordered as (
    select
        *,
        lag({{ upper_column }}) over (partition by {{ partition }} order by {{ order_by }}) as previous_upper,
        lag({{ label_column }}) over (partition by {{ partition }} order by {{ order_by }}) as previous_label,
        row_number() over (partition by {{ partition }} order by {{ order_by }}) as range_number,
        count(*) over (partition by {{ partition }}) as range_count
    from ranges
),

range_problems as (
    select
        {{ partition }},
        {{ label_column }} as range_label,
        case
            {%- for name, condition in checks if name in messages and (name != 'last_not_at_end' or ends_at is not none) %}
                when {{ condition }}
                    then {{ text_template_to_sql(messages[name], row_placeholders) }}
            {%- endfor %}
        end as problem
    from ordered
),

{%- if missing %}

required_values as (
    {%- for value in missing.get('values', [none]) %}
        select {{ "'" ~ value ~ "'" if value is not none else 'null' }} as required_value
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- ICPs (and required values of missing.column) without any range.
missing_ranges as (
    select
        {%- for column in group_columns %}
            {{ 'icp_profiles.icp_id' if column == 'icp_id' else 'required_values.required_value' }} as {{ column }},
        {%- endfor %}
        null as range_label,
        {{ text_template_to_sql(missing.message, {'value': 'required_values.required_value'}) }} as problem
    from {{ ref('icp_profiles') }} as icp_profiles
    cross join required_values
    where not exists (
        select 1 from ranges
        where
            ranges.icp_id = icp_profiles.icp_id
            {%- if missing.get('column') %}
                and ranges.{{ missing.column }} = required_values.required_value
            {%- endif %}
    )
),
{%- endif %}

problems as (
    select * from range_problems
    where problem is not null
    {%- if missing %}
        union all
        select * from missing_ranges
    {%- endif %}
),

final as (
    select
        {{ partition }},
        range_label,
        '{{ seed_file }}, ' || {{ text_template_to_sql(location, location_placeholders) }} || ': ' || problem
        || '. ' || {{ "'" ~ (fix | replace("'", "''")) ~ "'" }} as failure_reason
    from problems
)

select * from final

{% endtest %}
