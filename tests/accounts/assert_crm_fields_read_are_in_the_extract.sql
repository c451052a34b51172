-- Every CRM field (icp_crm_fields.csv) a criterion or a knock-out reads names a column the CRM accounts extract
-- has (crm_accounts.csv as landed): a missing column would otherwise score every account as missing data. The
-- message lists the extract's columns.

with

-- The extract's columns as landed (a column without any value is listed).
extract_columns as (
    select
        column_name,
        {{ crm_column_key('column_name') }} as column_key
    from {{ landed_column_names(source('crm', 'accounts')) }} as landed_columns
),

extract_column_list as (
    select string_agg('"' || column_name || '"', ', ') as column_list
    from extract_columns
),

read_fields as (
    {{ grid_crm_fields_read() }}
),

final as (
    select
        read_fields.account_attribute,
        'seeds/scoring_grid/icp_crm_fields.csv, row (' || read_fields.account_attribute || '): the CRM accounts '
        || 'extract (crm_accounts.csv) has no column "' || read_fields.crm_column || '", which the grid scores. '
        || 'Its columns: ' || extract_column_list.column_list || '. Fix crm_column (case, accents, spaces and '
        || 'underscores are ignored), add the column to the extract, or stop scoring the field.' as failure_reason
    from read_fields
    cross join extract_column_list
    where
        {{ crm_column_key('read_fields.crm_column') }}
        not in (select extract_columns.column_key from extract_columns)
)

select * from final
