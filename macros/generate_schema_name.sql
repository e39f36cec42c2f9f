{#- Layers get plain schema names (staging, intermediate, marts) rather than dbt's
    <target>_<schema> default, so analysts and BI tools see the same names everywhere. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
