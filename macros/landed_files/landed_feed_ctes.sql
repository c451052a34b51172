{#- The skeleton the feed staging models (stg_technographics__detections, stg_intent__signals) share: the
    CTEs public_suffix_lookup, files_to_stage, source, <value_column>_source, domain_hosts, multi_label_hosts,
    registrable_domains, domain_map, judged, hosted, cleaned and distinct_<value_column>_spellings, each
    followed by a comma; the model then maps the distinct spellings and joins everything back.

    It reads the source twice on purpose, and DuckDB's plan depends on that shape (measured at 1M accounts):
    `source` is every landed row unfiltered, kept to the files to stage only by the model's inner join with
    files_to_stage, which DuckDB pushes into the scan (a new day's delivery reads only that file). Filtering it
    here as well made DuckDB misjudge it as small and build its hash join on the 8M technographic rows (2.3 s
    and 2.3 GiB instead of 1.1 s and 0.1 GiB). <value_column>_source reads the same files again for the one
    column the map needs: a second scan is cheaper than two consumers of `source`, which makes DuckDB buffer
    every row (20M intent rows: 2.3 GiB).

    The key of a row is the registrable domain of its host (registrable_domain_map: `blog.acme.co.uk` ->
    `acme.co.uk`), in ASCII (host_to_ascii: `münchen.de` -> `xn--mnchen-3ya.de`); a host with one dot is its own
    key, as in stg_crm__accounts. Only a raw domain with two dots or more, or not plain ASCII, can have a
    key other than its cleaned host: those distinct values are mapped once (domain_map, from a third read of the
    files for that one column) and joined back on the raw text; every other row keeps the per-row path. They are
    not few (11% of the rows of the landed 1M-account sample, mostly `.co.uk` and `www.` domains), yet the
    models took no longer than before within the machine's noise (figures: docs/raw-data.md, "Domains"). The
    model expects an import CTE public_suffixes. -#}
{% macro landed_feed_ctes(source_name, table_name, landed_file_glob, vocabulary_relation, value_column) %}
-- The public suffix rules as a vocabulary (rule -> kind): a new list restages the files, as a new alias does.
public_suffix_lookup as (
    select
        public_suffix as lookup_key,
        public_suffix_rule_kind as canonical_value
    from public_suffixes
),

-- The landed files to stage in this run: new or changed files, or all of them after a vocabulary change.
files_to_stage as (
    {{ landed_files_to_stage(
        landed_file_glob,
        vocabulary_version(vocabulary_relation) ~ " || '/' || " ~ vocabulary_version('public_suffix_lookup')
    ) }}
),

-- Every landed row: the model's inner join with files_to_stage keeps those of the files to stage.
source as (
    select * from {{ source(source_name, table_name) }}
),

-- The same files read again, for one column (see the macro landed_feed_ctes for why twice).
{{ value_column }}_source as (
    select {{ value_column }} from {{ source(source_name, table_name) }}
    where filename in (select files_to_stage.file_name from files_to_stage)
),

-- The raw domains whose key may differ from their cleaned host (two dots or more, or not plain ASCII), each once,
-- with their cleaned host; a third read of the files for this one column (see above). Each reader takes the
-- host's ASCII form itself: on Spark a CTE read twice whose expressions are not deterministic (java.net.IDN
-- through try_reflect) fails to plan in an incremental run (ReplaceCTERefWithRepartition); the few hosts that
-- are not plain ASCII are converted twice.
domain_hosts as (
    select
        domain_raw,
        {{ normalize_domain('domain_raw') }} as normalized_host
    from (
        select distinct domain as domain_raw from {{ source(source_name, table_name) }}
        where
            filename in (select files_to_stage.file_name from files_to_stage)
            and {{ may_differ_from_its_registrable_domain('domain') }}
    ) as distinct_domains
),

-- A host with one dot is its own key (as in stg_crm__accounts); the others are mapped.
multi_label_hosts as (
    select distinct domain_host
    from (
        select {{ host_to_ascii('normalized_host') }} as domain_host from domain_hosts
    ) as ascii_hosts
    where domain_host like '%.%.%' and {{ is_valid_domain('domain_host') }}
),

registrable_domains as (
    {{ registrable_domain_map('multi_label_hosts', 'domain_host', 'public_suffixes') }}
),

domain_map {{ as_materialized() }} (
    select
        ascii_hosts.domain_raw,
        ascii_hosts.domain_host,
        case
            when ascii_hosts.domain_host like '%.%.%' then registrable_domains.registrable_domain
            when {{ is_valid_domain('ascii_hosts.domain_host') }} then ascii_hosts.domain_host
        end as registrable_domain
    from (
        select
            domain_raw,
            {{ host_to_ascii('normalized_host') }} as domain_host
        from domain_hosts
    ) as ascii_hosts
    left join registrable_domains
        on ascii_hosts.domain_host = registrable_domains.domain_host
),

-- Most delivered domains are already clean: one match per row recognises them, and only the others go
-- through the full cleaning (cheaper than cleaning each distinct domain and joining it back: measured).
judged as (
    select
        *,
        {{ is_clean_domain('domain') }} as is_clean_domain
    from source
),

hosted as (
    select
        judged.*,
        domain_map.domain_raw is not null as is_mapped_domain,
        domain_map.registrable_domain,
        case
            when domain_map.domain_raw is not null then domain_map.domain_host
            when judged.is_clean_domain then judged.domain
            else {{ normalize_domain('judged.domain') }}
        end as domain_host
    from judged
    left join domain_map
        on (case when {{ may_differ_from_its_registrable_domain('judged.domain') }} then judged.domain end)
        = domain_map.domain_raw
),

-- domain_key: the registrable domain, the key to accounts; null when the host is not a valid domain name.
cleaned as (
    select
        *,
        case
            when is_mapped_domain then registrable_domain
            when is_clean_domain or {{ is_valid_domain('domain_host') }} then domain_host
        end as domain_key
    from hosted
),

-- The values repeat millions of times: the model maps each distinct spelling once.
distinct_{{ value_column }}_spellings {{ as_materialized() }} (
    select distinct {{ value_column }} as {{ value_column }}_raw from {{ value_column }}_source
),
{% endmacro %}
