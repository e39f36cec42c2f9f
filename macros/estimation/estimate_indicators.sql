{#- The one estimation mechanism. A section mart says WHICH indicators (its section), populations and
    breakdowns; this says HOW: the weighted ratio R = sum(w * y) / sum(w * x) over the domain's
    respondents, w = N_h / n_h (statistics guide). Breakdown domains are unions of strata, so each is
    an aggregation of int_indicator_stratum_sums. -#}
{% macro estimate_indicators(section, populations, breakdowns=['total', 'nace_group', 'size_class']) %}
with

sums as (
    select
        sums.*,
        strata.design_weight
    from {{ ref('int_indicator_stratum_sums') }} as sums
    inner join {{ ref('dim_strata') }} as strata
        on
            sums.wave = strata.wave
            and sums.nace_group = strata.nace_group
            and sums.size_class = strata.size_class
    where
        sums.section = '{{ section }}'
        and sums.population in ({% for p in populations %}'{{ p }}'{% if not loop.last %}, {% endif %}{% endfor %})
),

domains as (
    {% for breakdown in breakdowns %}
        select
            *,
            '{{ breakdown }}' as breakdown,
            {% if breakdown == 'total' %}'all'{% else %}{{ breakdown }}{% endif %} as breakdown_value
        from sums
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

estimates as (
    select
        wave,
        section,
        indicator,
        population,
        breakdown,
        breakdown_value,
        statistic,
        sum(respondents)::bigint as respondents,
        sum(design_weight * respondents) as weighted_firms,
        sum(design_weight * sum_y) / sum(design_weight * respondents) as ratio
    from domains
    group by all
)

select
    estimates.wave,
    estimates.section,
    estimates.indicator,
    estimates.population,
    estimates.breakdown,
    estimates.breakdown_value,
    estimates.statistic,
    case when estimates.statistic = 'pct' then 100 * estimates.ratio else estimates.ratio end as estimate,
    estimates.respondents,
    estimates.weighted_firms,
    indicators.label_nl,
    indicators.label_en
from estimates
inner join {{ ref('indicators') }} as indicators
    on estimates.indicator = indicators.indicator
{% endmacro %}
