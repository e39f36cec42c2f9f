{#- ref() restricted to the waves this run loads. `aibarometer run` passes the waves whose raw files are
    new or changed as the variable `waves`; models holding survey data read their inputs through
    wave_ref and are incremental (delete+insert on wave), so appending a wave reads and rewrites only
    that wave, whatever the number of waves already loaded. Without the variable (a full build) every
    wave is read. -#}
{% macro wave_ref(model_name) -%}
    {%- set waves = var('waves', none) -%}
    {%- if waves is none -%}
        {{ ref(model_name) }}
    {%- elif waves | length == 0 -%}
        (select * from {{ ref(model_name) }} where false)
    {%- else -%}
        (select * from {{ ref(model_name) }} where wave in ({{ waves | join(', ') }}))
    {%- endif -%}
{%- endmacro %}
