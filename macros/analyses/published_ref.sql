{#- ref() without the catalog: "marts"."<model>" instead of "<database file>"."marts"."<model>", so that
    an analysis compiled once runs unchanged against the analysts' file, the public file or a copy under
    another name (DuckDB names a file's catalog after the file). For the analyses, which read published
    models only. -#}
{% macro published_ref(model_name) %}
    {{ return(ref(model_name).include(database=false)) }}
{% endmacro %}
