{#- int_indicator_stratum_moments' columns n_<k>_<population>, s_<k>_<population>, q_<k>_<population> as
    rows (wave, nace_group, size_class, k, population, respondents, sum_y, sum_y_squared, skipped): one
    UNPIVOT with four value columns, in the SQL-standard form DuckDB and Spark SQL both read (a union of 345 selects
    took 2 s to plan for 36 rows a wave). -#}
{% macro unpivot_moments(relation, indicators, populations) -%}
    {{ return(adapter.dispatch('unpivot_moments')(relation, indicators, populations)) }}
{%- endmacro %}

{% macro default__unpivot_moments(relation, indicators, populations) -%}
    select
        wave,
        nace_group,
        size_class,
        cast(split_part(cell, '|', 1) as integer) as k,
        split_part(cell, '|', 2) as population,
        respondents,
        sum_y,
        sum_y_squared,
        skipped
    from {{ relation }}
    unpivot include nulls ((respondents, sum_y, sum_y_squared, skipped) for cell in (
        {%- for k in range(1, indicators + 1) %}
            {%- set outer_last = loop.last %}
            {%- for population in populations %}
        (n_{{ k }}_{{ population }}, s_{{ k }}_{{ population }}, q_{{ k }}_{{ population }}, m_{{ k }}_{{ population }})
            as {{ adapter.quote(k ~ '|' ~ population) }}{% if not (loop.last and outer_last) %},{% endif %}
            {%- endfor %}
        {%- endfor %}
    ))
{%- endmacro %}

{#- A respondent's scores x_<k>, y_<k> (one column pair per indicator) as rows (respondent_key, adopter, k,
    x, y), in the same SQL-standard UNPIVOT: the overlap of two waves pairs a firm's scores indicator by
    indicator. -#}
{% macro unpivot_scores(relation, indicators) -%}
    select
        respondent_key,
        adopter,
        cast(cell as integer) as k,
        x,
        y
    from {{ relation }}
    unpivot include nulls ((x, y) for cell in (
        {%- for k in range(1, indicators + 1) %}
        (x_{{ k }}, y_{{ k }}) as {{ adapter.quote(k | string) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    ))
{%- endmacro %}
