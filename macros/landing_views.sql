{#- The landing on Spark. DuckDB reads the Parquet partitions through the sources' external_location
    (_survey__sources.yml); Spark gets a view per source table over the same files, made before the models
    run (on-run-start). A view, not a table: a Spark table over a wildcard path reads no rows, without an
    error. The wave comes from the partition folder of each file, as hive partitioning gives it on
    DuckDB, and the waves' columns are merged by name (a wave may add items). -#}
{% macro landing_views() -%}
    {{ return(adapter.dispatch('landing_views')()) }}
{%- endmacro %}

{#- Nothing on DuckDB: its sources read the files themselves. -#}
{% macro default__landing_views() -%}
{%- endmacro %}

{% macro spark__landing_views() -%}
    {%- if execute -%}
        {%- set landing = env_var('AIB_LANDING_ROOT', 'warehouse/landing') -%}
        {%- do run_query('set spark.sql.parquet.mergeSchema = true') -%}
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values() if source.source_name == 'survey' -%}
            {%- if source.schema not in schemas -%}
                {%- do schemas.append(source.schema) -%}
                {%- do run_query('create schema if not exists ' ~ source.schema) -%}
            {%- endif -%}
            {%- do run_query('create or replace view ' ~ source.schema ~ '.' ~ source.identifier ~ ' as select '
                ~ "cast(regexp_extract(_metadata.file_path, 'wave=([0-9]+)/[^/]+$', 1) as int) as wave, * from "
                ~ 'parquet.`' ~ landing ~ '/wave=*/' ~ source.identifier ~ '.parquet`') -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
