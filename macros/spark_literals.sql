{#- Text as a Spark string literal, for the Spark versions of the macros (beside their default__ versions).
    Spark reads a backslash in a string literal as an escape ('\s' is 's'), where DuckDB keeps it. -#}

{#- A regular expression as a Spark string literal: every pattern is written with its backslashes doubled,
    so both engines match the same text. -#}
{% macro spark_pattern(pattern) -%}
    '{{ pattern | replace("\\", "\\\\") }}'
{%- endmacro %}
