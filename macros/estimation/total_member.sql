{#- The code of the total member of every breakdown: breakdown_value where breakdown = 'total', and nace_group or
    size_class of an observation that is not broken down by it. One code in every public table, Eurostat's
    TOTAL (the report's reference seeds write 'all', mapped at staging). -#}
{% macro total_member() -%}
    'TOTAL'
{%- endmacro %}
