{#- The pre-hook of such a model: remove the rows of files no longer landed (their raw file was removed). -#}
{% macro unstage_removed_files(landed_file_glob) %}
    {%- if is_incremental() -%}
        delete from {{ this }} where source_file not in (
            select {{ file_stem('landed.file_name') }}
            from {{ landed_file_metadata(landed_file_glob) }} as landed
        )
    {%- endif -%}
{% endmacro %}
