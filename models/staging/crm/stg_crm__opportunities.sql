with

source as (
    select * from {{ source('crm', 'opportunities') }}
),

stage_aliases as (
    select * from {{ ref('opportunity_stage_aliases') }}
),

stages as (
    select * from {{ ref('opportunity_stages') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

stage_lookup as (
    {{ alias_lookup('stage_aliases', 'stage_alias', 'stages', 'stage', 'stage_label') }}
),

renamed as (
    select
        nullif(trim(opportunity_id), '') as opportunity_id,
        nullif(trim(account_id), '') as account_id,
        nullif(trim(created_date), '') as created_date_raw,
        nullif(trim(closed_date), '') as closed_date_raw,
        stage as stage_raw,
        is_won as is_won_raw,
        amount as amount_raw,
        md5(
            concat_ws('|', opportunity_id, account_id, created_date, closed_date, stage, is_won, amount)
        ) as opportunity_hash
    from source
),

cleaned as (
    select
        renamed.*,
        {{ parse_date('renamed.created_date_raw') }} as created_date,
        {{ parse_date('renamed.closed_date_raw') }} as closed_date,
        case
            when lower(trim(renamed.is_won_raw)) in ('true', 't', 'yes', 'y', '1') then true
            when lower(trim(renamed.is_won_raw)) in ('false', 'f', 'no', 'n', '0') then false
        end as is_won_flag,
        {{ normalize_lookup_key('renamed.stage_raw') }} as stage_key,
        {{ clean_amount_text('renamed.amount_raw') }} as amount_text
    from renamed
),

-- The amount's number, currency and status, read once per distinct text (macro amount_reading_ctes).
{{ amount_reading_ctes('amount', 'cleaned', 'amount_text', 'currency_rates') }}

classified as (
    select
        cleaned.*,
        amount_readings.amount_value as amount_parsed,
        amount_readings.amount_currency,
        amount_readings.amount_currency_text as amount_currency_raw,
        coalesce(amount_readings.amount_status, 'missing') as amount_status,
        stages.stage,
        stages.is_closed,
        stages.is_won as is_won_stage
    from cleaned
    left join amount_readings
        on cleaned.amount_text = amount_readings.amount_text
    left join stage_lookup
        on cleaned.stage_key = stage_lookup.lookup_key
    left join stages
        on stage_lookup.canonical_value = stages.stage
),

ranked as (
    select
        classified.*,
        -- Exact copies of a record are interchangeable: numbering them makes a stable key.
        classified.opportunity_hash
        || '-'
        || row_number() over (
            partition by classified.opportunity_hash order by classified.opportunity_hash
        ) as opportunity_record_id,
        -- Of the records of one opportunity id, the most advanced counts: closed, latest closed, then hash.
        row_number() over (
            partition by classified.opportunity_id
            order by classified.closed_date desc nulls last, classified.opportunity_hash asc
        ) as record_rank
    from classified
),

final as (
    select
        opportunity_record_id,
        opportunity_id,
        account_id,
        created_date,
        closed_date,
        stage,
        stage_raw,
        is_closed,
        case when is_closed then is_won_stage end as is_won,
        is_won_raw,
        cast(
            case when amount_status = 'parsed' then {{ round_decimal('amount_parsed', 2, 28) }} end as decimal(18, 2)
        ) as amount,
        amount_currency,
        amount_currency_raw,
        amount_raw,
        amount_status,
        case
            when is_closed then {{ dbt.datediff('created_date', 'closed_date', 'day') }}
        end as sales_cycle_days,
        case
            when opportunity_id is null then 'missing_opportunity_id'
            when record_rank > 1 then 'duplicate_opportunity_record'
            when account_id is null then 'missing_account_id'
            when created_date is null then 'unparseable_date'
            when closed_date_raw is not null and closed_date is null then 'unparseable_date'
            when stage_key is null then 'missing_stage'
            when stage is null then 'unmapped_stage'
            when
                created_date >= {{ dbt.dateadd('day', 1, scoring_date()) }}
                or closed_date >= {{ dbt.dateadd('day', 1, scoring_date()) }}
                then 'future_event'
            when closed_date < created_date then 'closed_before_created'
            when is_closed and (closed_date is null or is_won_flag is distinct from is_won_stage)
                then 'inconsistent_outcome'
            when not is_closed and (closed_date is not null or coalesce(is_won_flag, false))
                then 'inconsistent_outcome'
        end as opportunity_exclusion_reason
    from ranked
)

select * from final
