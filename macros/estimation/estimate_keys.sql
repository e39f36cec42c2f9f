{#- The key of an estimate (wave, indicator, population, breakdown, breakdown_value): the code of its total
    member and the seeds' transcription mapped to it. -#}

{#- The code of the total member of every breakdown: breakdown_value where breakdown = 'total', and nace_group or
    size_class of an observation that is not broken down by it. One code in every public table, Eurostat's
    TOTAL (the report's reference seeds write 'all', mapped at staging). -#}
{% macro total_member() -%}
    'TOTAL'
{%- endmacro %}

{#- A breakdown value as the reference seeds transcribe it (the report's 'all' for the total), coded as every
    table codes it. -#}
{% macro coded_breakdown_value(breakdown, breakdown_value) -%}
    case when {{ breakdown }} = 'total' then {{ total_member() }} else {{ breakdown_value }} end
{%- endmacro %}
