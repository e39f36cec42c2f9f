{#- The relation a generic test reads. dbt's own version applies the test's `where` config; this one also
    restricts a test of a table with a wave column to the waves this run builds (build_waves: set by
    `aibarometer run` on an incremental append), so appending a wave tests that wave's rows and the
    checks do not grow with the waves already loaded: those were tested when they were built, and an
    incremental run does not touch them. A trend table (base_wave) keeps every pair with a built wave.
    Full builds (no var) test every wave. Singular tests read whole tables and are not restricted. -#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do filters.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set waves = build_waves() -%}
    {%- if waves is not none and execute -%}
        {%- set wave_list = (waves | join(', ')) if waves | length > 0 else 'null' -%}
        {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if 'base_wave' in columns -%}
            {%- do filters.append('(wave in (' ~ wave_list ~ ') or base_wave in (' ~ wave_list ~ '))') -%}
        {%- elif 'wave' in columns -%}
            {%- do filters.append('wave in (' ~ wave_list ~ ')') -%}
        {%- endif -%}
    {%- endif -%}
    {%- if filters -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ filters | join(' and ') ~ ') as dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
