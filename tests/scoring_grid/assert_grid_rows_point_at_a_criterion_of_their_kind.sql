-- Every row of the points tables names a criterion of icp_criteria.csv that matches that kind of row:
-- values for industry, country, country_group, technology and `text` CRM fields; bands for employee_count,
-- annual_revenue and `number` or `years_since` CRM fields (icp_crm_fields.csv); signals for intent.

with

criteria as (
    select * from {{ ref('icp_criteria') }}
),

value_points as (
    select * from {{ ref('icp_criterion_value_points') }}
),

band_points as (
    select * from {{ ref('icp_criterion_band_points') }}
),

intent_signal_points as (
    select * from {{ ref('icp_intent_signal_points') }}
),

crm_fields as (
    select * from {{ ref('icp_crm_fields') }}
),

grid_rows as (
    select distinct
        'icp_criterion_value_points.csv' as seed_file,
        icp_id,
        criterion_id,
        'industry, country, country_group, technology or a text CRM field' as expected_attributes
    from value_points
    union all
    select distinct
        'icp_criterion_band_points.csv' as seed_file,
        icp_id,
        criterion_id,
        'employee_count, annual_revenue or a number or years_since CRM field' as expected_attributes
    from band_points
    union all
    select distinct
        'icp_intent_signal_points.csv' as seed_file,
        icp_id,
        criterion_id,
        'intent_signal' as expected_attributes
    from intent_signal_points
),

final as (
    select
        grid_rows.seed_file,
        grid_rows.icp_id,
        grid_rows.criterion_id,
        criteria.account_attribute,
        case
            when criteria.criterion_id is null
                then 'seeds/scoring_grid/' || grid_rows.seed_file || ' uses criterion "' || grid_rows.criterion_id
                    || '" for ICP "' || grid_rows.icp_id || '", which icp_criteria.csv does not define. '
                    || 'Fix the spelling or add the criterion.'
            else 'seeds/scoring_grid/' || grid_rows.seed_file || ' gives points to criterion "'
                || grid_rows.criterion_id || '" of ICP "' || grid_rows.icp_id || '", whose account_attribute is "'
                || criteria.account_attribute || '"; this file is for ' || grid_rows.expected_attributes || '.'
        end as failure_reason
    from grid_rows
    left join criteria
        on
            grid_rows.icp_id = criteria.icp_id
            and grid_rows.criterion_id = criteria.criterion_id
    left join crm_fields
        on criteria.account_attribute = crm_fields.account_attribute
    where
        criteria.criterion_id is null
        or (
            grid_rows.seed_file = 'icp_criterion_value_points.csv'
            and criteria.account_attribute not in ('industry', 'country', 'country_group', 'technology')
            and crm_fields.read_as is distinct from 'text'
        )
        or (
            grid_rows.seed_file = 'icp_criterion_band_points.csv'
            and criteria.account_attribute not in ('employee_count', 'annual_revenue')
            and coalesce(crm_fields.read_as, '') not in ('number', 'years_since')
        )
        or (
            grid_rows.seed_file = 'icp_intent_signal_points.csv'
            and criteria.account_attribute != 'intent_signal'
        )
)

select * from final
