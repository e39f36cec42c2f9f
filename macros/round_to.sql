{#- A number rounded to a number of decimals held in a column (the report prints each figure with its own).
    DuckDB takes the column; Spark wants a constant scale. -#}
{% macro round_to(expression, decimals) -%}
    {{ return(adapter.dispatch('round_to')(expression, decimals)) }}
{%- endmacro %}

{% macro default__round_to(expression, decimals) -%}
    round({{ expression }}, {{ decimals }})
{%- endmacro %}

{#- One constant scale per branch: the report prints 0 to 3 decimals (seed ref_published_figures). -#}
{% macro spark__round_to(expression, decimals) -%}
    case {{ decimals }}
        {%- for scale in range(0, 7) %} when {{ scale }} then round({{ expression }}, {{ scale }}){% endfor %}
    end
{%- endmacro %}
