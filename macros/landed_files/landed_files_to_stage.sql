{#- For a staging model that is incremental by landed file (materialized incremental, delete+insert on
    source_file): the landed files (file_name, source_file = the raw file's name without .csv, staged_version)
    that this run must stage. staged_version says what a file was staged from: the raw file's size and
    modification time recorded by the landing, and vocabulary_version (a SQL expression: a hash of the alias
    seeds the cleaning maps through). In an incremental run, only the files whose staged_version is not in the
    table yet: new files, changed files, or all of them after a vocabulary change. -#}
{% macro landed_files_to_stage(landed_file_glob, vocabulary_version) %}
    select
        file_name,
        source_file,
        staged_version
    from (
        select
            landed.file_name,
            {{ file_stem('landed.file_name') }} as source_file,
            {{ ordered_string_agg("landed.key || '=' || landed.value", ';', 'landed.key') }}
            || ';vocabulary=' || {{ any_value(vocabulary_version) }} as staged_version
        from {{ landed_file_metadata(landed_file_glob) }} as landed
        group by landed.file_name
    ) as landed_files
    {%- if is_incremental() %}
        where (source_file, staged_version) not in (select distinct source_file, staged_version from {{ this }})
    {%- endif %}
{% endmacro %}
