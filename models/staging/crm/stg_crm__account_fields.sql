{#- The CRM accounts extract's own columns beyond the contract's (`icp land` lands them under their header as
    written), one row per record and column holding a value: what the grid's CRM fields (icp_crm_fields.csv)
    read. The contract's columns are those the source declares (_crm__sources.yml). A view: its one reader
    (int_account_crm_fields__read) keeps only the columns the grid scores. -#}
{%- set contract_columns = [] -%}
{%- if execute -%}
    {%- set accounts_source = graph.sources.values()
        | selectattr('source_name', 'equalto', 'crm')
        | selectattr('name', 'equalto', 'accounts')
        | first -%}
    {%- set contract_columns = accounts_source.columns.keys() | list -%}
{%- endif %}

with

source as (
    select * from {{ source('crm', 'accounts') }}
),

-- The other columns, one row per record and column (macro extra_columns_to_rows).
unpivoted as (
    {{ extra_columns_to_rows('source', source('crm', 'accounts'), contract_columns) }}
),

final as (
    select
        file_row_number + 1 as crm_record_id,
        crm_column,
        {{ crm_column_key('crm_column') }} as crm_column_key,
        trim(crm_value) as crm_value
    from unpivoted
    where trim(crm_value) != ''
)

select * from final
