{#- Incremental by delivery: intent_signals.csv and each daily delivery intent_signals_YYYY-MM-DD.csv is a
    batch, staged whole. A run stages only the batches whose landed file or signal-type vocabulary differs
    from what was staged (a new day: that day's file only), replacing their rows (delete+insert on
    intent_batch); the pre-hook removes the rows of batches no longer landed. Nothing here depends on the
    scoring date (future events are judged after staging), so a staged row never goes stale;
    `dbt build --full-refresh` restages everything. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='intent_batch',
        pre_hook=[
            "{% if is_incremental() %}delete from {{ this }} where intent_batch not in "
            ~ "(select parse_filename(file_name, true) from parquet_kv_metadata('"
            ~ env_var('ICP_LANDED_DIR', 'data/landed') ~ "/intent_signals*.parquet')){% endif %}"
        ],
    )
}}

with

signal_type_aliases as (
    select * from {{ ref('intent_signal_type_aliases') }}
),

signal_types as (
    select * from {{ ref('intent_signal_types') }}
),

signal_type_lookup as (
    {{ alias_lookup('signal_type_aliases', 'signal_type_alias', 'signal_types', 'signal_type', 'signal_type_label') }}
),

-- What the staged rows were cleaned with: the signal-type vocabulary. Rows staged with another one are
-- staged again.
vocabulary as (
    select
        md5(coalesce(string_agg(lookup_key || '=' || canonical_value, '|' order by lookup_key), ''))
            as vocabulary_version
    from signal_type_lookup
),

-- Each landed batch and what identifies its version: the raw file's size and modification time, recorded by
-- the landing, with the vocabulary.
landed_batches as (
    select
        landed.file_name,
        parse_filename(landed.file_name, true) as intent_batch,
        string_agg(decode(landed.key) || '=' || decode(landed.value), ';' order by decode(landed.key))
        || ';vocabulary=' || any_value(vocabulary.vocabulary_version) as staged_version
    from parquet_kv_metadata('{{ env_var("ICP_LANDED_DIR", "data/landed") }}/intent_signals*.parquet') as landed
    cross join vocabulary
    group by landed.file_name
),

batches_to_stage as (
    select * from landed_batches
    {% if is_incremental() %}
        where (intent_batch, staged_version) not in (select distinct intent_batch, staged_version from {{ this }})
    {% endif %}
),

source as (
    select * from {{ source('intent', 'signals') }}
    where filename in (select batches_to_stage.file_name from batches_to_stage)
),

-- Most delivered domains are already clean: one match per event recognises them, and only the others go
-- through the full cleaning (cheaper than cleaning each distinct domain and joining it back: measured).
judged as (
    select
        *,
        {{ is_clean_domain('domain') }} as is_clean_domain
    from source
),

cleaned as (
    select
        *,
        case when is_clean_domain then domain else {{ normalize_domain('domain') }} end as domain_host
    from judged
),

-- Signal types repeat millions of times: map each distinct spelling once.
distinct_signal_types as materialized (
    select distinct signal_type as signal_type_raw from source
),

signal_type_map as materialized (
    select
        distinct_signal_types.signal_type_raw,
        {{ normalize_lookup_key('distinct_signal_types.signal_type_raw') }} as signal_type_key,
        signal_type_lookup.canonical_value as signal_type
    from distinct_signal_types
    left join signal_type_lookup
        on {{ normalize_lookup_key('distinct_signal_types.signal_type_raw') }} = signal_type_lookup.lookup_key
),

joined as (
    select
        -- The event's batch and data row in its file: the delivery date as yyyymmdd (0 for the history file)
        -- times 10^10, plus the row (1 = the first line after the header), kept by the landing.
        coalesce(
            cast(strftime(try_cast(right(batches_to_stage.intent_batch, 10) as date), '%Y%m%d') as bigint), 0
        ) * 10000000000 + cleaned.file_row_number + 1 as signal_id,
        batches_to_stage.intent_batch,
        batches_to_stage.staged_version,
        cleaned.domain_host,
        case when cleaned.is_clean_domain then true else {{ is_valid_domain('cleaned.domain_host') }} end
            as is_valid_domain,
        signal_type_map.signal_type,
        signal_type_map.signal_type_key,
        cleaned.signal_type as signal_type_raw,
        -- try_cast trims the text itself, and gives null for a blank.
        try_cast(cleaned.occurred_at as timestamp) as occurred_at
    from cleaned
    inner join batches_to_stage
        on cleaned.filename = batches_to_stage.file_name
    left join signal_type_map
        on cleaned.signal_type is not distinct from signal_type_map.signal_type_raw
),

final as (
    select
        signal_id,
        intent_batch,
        staged_version,
        case when is_valid_domain then domain_host end as domain,
        signal_type,
        signal_type_raw,
        occurred_at,
        case
            when domain_host is null then 'missing_domain'
            when not is_valid_domain then 'invalid_domain'
            when signal_type_key is null then 'missing_signal_type'
            when signal_type is null then 'unmapped_signal_type'
            when occurred_at is null then 'unparseable_timestamp'
        end as signal_exclusion_reason
    from joined
)

select * from final
