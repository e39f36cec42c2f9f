{#- A number rounded to a number of decimals held in a column (the report prints each figure with its own).
    DuckDB takes the column; Spark wants a constant scale (macros/spark/). -#}
{% macro round_to(expression, decimals) -%}
    {{ return(adapter.dispatch('round_to')(expression, decimals)) }}
{%- endmacro %}

{% macro default__round_to(expression, decimals) -%}
    round({{ expression }}, {{ decimals }})
{%- endmacro %}
