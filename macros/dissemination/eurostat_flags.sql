{#- Eurostat's two observation attributes since January 2025, one rule for every table that carries them
    (fct_observations, fct_indicator_trends). OBS_STATUS: one code, u (low reliability) before b (break in
    time series), none on a withheld cell; CONF_STATUS: C on a withheld cell, none on a free one. -#}
{% macro eurostat_obs_status(withheld, reliability, is_break_in_series) -%}
    case
        when {{ withheld }} then null
        when {{ reliability }} = 'unreliable' then 'u'
        when {{ is_break_in_series }} then 'b'
    end
{%- endmacro %}

{% macro eurostat_conf_status(withheld) -%}
    case when {{ withheld }} then 'C' end
{%- endmacro %}
