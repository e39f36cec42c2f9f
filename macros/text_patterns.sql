{#- Text patterns on both engines: DuckDB's default__ versions, Spark's right after each. On Spark a pattern
    is written with its backslashes doubled (spark_pattern, macros/spark_literals.sql) and a whole match is
    anchored. -#}

{#- Whether a text is a whole number as typed: digits with an optional sign, nothing else (no decimal
    point, no thousands separator). '19.5' and '1.504' are not: a count is never rounded or guessed. -#}
{% macro is_whole_number(expression) -%}
    {{ return(adapter.dispatch('is_whole_number')(expression)) }}
{%- endmacro %}

{% macro default__is_whole_number(expression) -%}
    coalesce(regexp_full_match(trim({{ expression }}), '[+-]?[0-9]+'), false)
{%- endmacro %}

{% macro spark__is_whole_number(expression) -%}
    {{ matches_pattern('trim(' ~ expression ~ ')', '[+-]?[0-9]+') }}
{%- endmacro %}

{#- Whether a text matches a whole regular expression (RE2 syntax on DuckDB). -#}
{% macro matches_pattern(expression, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern')(expression, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(expression, pattern) -%}
    coalesce(regexp_full_match({{ expression }}, '{{ pattern }}'), false)
{%- endmacro %}

{% macro spark__matches_pattern(expression, pattern) -%}
    coalesce(regexp_like({{ expression }}, {{ spark_pattern('^(?:' ~ pattern ~ ')$') }}), false)
{%- endmacro %}

{#- Whether a text holds a match of a regular expression anywhere in it. -#}
{% macro contains_pattern(expression, pattern) -%}
    {{ return(adapter.dispatch('contains_pattern')(expression, pattern)) }}
{%- endmacro %}

{% macro default__contains_pattern(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__contains_pattern(expression, pattern) -%}
    coalesce(regexp_like({{ expression }}, {{ spark_pattern(pattern) }}), false)
{%- endmacro %}
