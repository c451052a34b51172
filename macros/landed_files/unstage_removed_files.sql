{#- The pre-hook of such a model: remove the rows of files no longer landed (their raw file was removed). -#}
{% macro unstage_removed_files(landed_file_glob) %}
    {%- if is_incremental() -%}
        delete from {{ this }} where source_file not in (
            select parse_filename(file_name, true)
            from parquet_kv_metadata('{{ landed_dir() }}/{{ landed_file_glob }}')
        )
    {%- endif -%}
{% endmacro %}
