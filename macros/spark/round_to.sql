{#- One constant scale per branch: the report prints 0 to 3 decimals (seed ref_published_figures). -#}
{% macro spark__round_to(expression, decimals) -%}
    case {{ decimals }}
        {%- for scale in range(0, 7) %} when {{ scale }} then round({{ expression }}, {{ scale }}){% endfor %}
    end
{%- endmacro %}
