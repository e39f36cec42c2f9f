{#- Overrides dbt-spark's own macro spark__partition_cols. Partitions on Spark: the per-wave models
    (incremental) are partitioned by their unique key, so that insert_overwrite replaces the built waves'
    partitions as delete+insert does on DuckDB. dbt_project.yml sets partition_by for every model of a
    folder; the tables and views that are not per wave (reference dimensions, calibration) are written
    whole and unpartitioned. -#}
{% macro spark__partition_cols(label, required=false) %}
    {%- set cols = config.get('partition_by', validator=validation.any[list, basestring]) -%}
    {%- if cols is not none and config.get('materialized') == 'incremental' -%}
        {{ label }} ({{ (cols if cols is not string else [cols]) | join(', ') }})
    {%- endif -%}
{%- endmacro %}
