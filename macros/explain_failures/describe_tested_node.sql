{#- The file (for seeds: the CSV an analyst edits) or model a test is attached to. -#}
{% macro describe_tested_node(test_node) %}
    {%- set attached = test_node.attached_node or (test_node.depends_on.nodes | first) -%}
    {%- set tested = graph.nodes.get(attached) if attached else none -%}
    {%- if tested is none -%}
        {{ return('the tested table') }}
    {%- elif tested.resource_type == 'seed' -%}
        {{ return(tested.original_file_path) }}
    {%- else -%}
        {{ return('model ' ~ tested.name) }}
    {%- endif -%}
{% endmacro %}
