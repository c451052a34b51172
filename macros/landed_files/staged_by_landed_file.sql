{#- The incremental configuration of a feed staging model (stg_intent__signals, stg_technographics__detections):
    each run replaces the rows of the landed files it stages (those new or changed) and removes the rows of the
    files no longer landed (their raw file was removed). DuckDB and PostgreSQL delete and insert by source_file;
    Spark, whose Parquet tables cannot delete rows, keeps one partition per source_file and overwrites the
    partitions of the files staged (dbt-spark's insert_overwrite, dynamic), dropping those of removed files.
    A column added to the model (a new release) is added to the table built by an earlier one, empty in the
    rows staged before (on every engine: none drops columns here). -#}
{% macro staged_by_landed_file(landed_file_glob) -%}
    {%- set common = {
        'pre_hook': "{{ unstage_removed_files('" ~ landed_file_glob ~ "') }}",
        'on_schema_change': 'append_new_columns',
    } -%}
    {%- if target.type == 'spark' -%}
        {{ return(dict(common, incremental_strategy='insert_overwrite', partition_by=['source_file'])) }}
    {%- else -%}
        {{ return(dict(common, incremental_strategy='delete+insert', unique_key='source_file')) }}
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of such a model: remove the rows of files no longer landed. -#}
{% macro unstage_removed_files(landed_file_glob) -%}
    {{ return(adapter.dispatch('unstage_removed_files')(landed_file_glob)) }}
{%- endmacro %}

{% macro default__unstage_removed_files(landed_file_glob) %}
    {%- if is_incremental() -%}
        delete from {{ this }} where source_file not in (
            {{ landed_source_files(landed_file_glob) }}
        )
    {%- endif -%}
{% endmacro %}

{% macro spark__unstage_removed_files(landed_file_glob) %}
    {%- if is_incremental() and execute -%}
        {%- set removed = run_query(
            "select distinct source_file from " ~ this ~ " where source_file not in ("
            ~ landed_source_files(landed_file_glob) ~ ") order by source_file"
        ).columns[0].values() -%}
        {%- if removed -%}
            alter table {{ this }} drop if exists
            {%- for source_file in removed %} partition (source_file = {{ text_literal(source_file) }})
                {{- ', ' if not loop.last }}{% endfor %}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{#- The source_file of each landed file of the glob (its name without .parquet). -#}
{% macro landed_source_files(landed_file_glob) -%}
    select {{ file_stem('landed.file_name') }}
    from {{ landed_file_metadata(landed_file_glob) }} as landed
{%- endmacro %}
