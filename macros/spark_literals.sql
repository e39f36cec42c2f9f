{#- Text as a Spark string literal, for the Spark versions of the macros (beside their default__ versions).
    Spark reads a backslash in a string literal as an escape ('\s' is 's'), where DuckDB keeps it. -#}

{#- A regular expression as a Spark string literal: every pattern is written with its backslashes doubled,
    so both engines match the same text. -#}
{% macro spark_pattern(pattern) -%}
    '{{ pattern | replace("\\", "\\\\") }}'
{%- endmacro %}

{#- A column comment as the text of a Spark string literal, on one line. The Hive metastore keeps a column
    comment in 256 characters: a longer one makes each view take about 20 s (the metastore refuses it, Spark
    retries in its own format). The comment is cut to 256 characters there; the whole text stays in the dbt
    docs and in the DuckDB file. For the column comments of views and tables (macros/spark/column_comments.sql)
    and of the codebook's columns (spark__comment_columns). -#}
{% macro spark_comment(text) -%}
    {%- set text = text | replace('\n', ' ') -%}
    {%- set text = text if text | length <= 256 else text[:255] ~ '…' -%}
    {{- text | replace('\\', '\\\\') | replace("'", "\\'") -}}
{%- endmacro %}
