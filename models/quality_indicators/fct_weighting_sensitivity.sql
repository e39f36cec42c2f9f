-- How much the weighting matters: every indicator of every section, for every population the section
-- lists, over the whole population (breakdown total), under each weighting scheme (int_strata_weightings:
-- the report's, and the eligibility-adjusted one), one row per scheme with its interval and precision as
-- the estimates compute them, and the difference from the report's figure. The report rows equal
-- fct_indicator_estimates' total rows.
{%- set sections = relation_rows(ref('sections'), "select section, populations from {relation} "
                                 ~ "order by sort_order, section") %}
{%- if not sections %}{% set sections = [{'section': '(none)', 'populations': 'all_firms'}] %}{% endif %}
{#- both schemes are named column by column: a union matches columns by position, and the macro's output
    and the mart order them differently #}
{%- set columns %}
        wave, section, indicator, population, breakdown, breakdown_value, statistic, weighting, estimate,
        std_error, cv, ci_lower, ci_upper, respondents, weighted_firms, design_effect, reliability, suppressed,
        suppression_reason, label_nl, label_en
{%- endset %}
with

adjusted as (
    {%- for section in sections %}
        select {{ columns }}
        from (
            {{ estimate_indicators(section.section, populations=section.populations.split('|'),
                                   breakdowns=['total'], weighting='eligibility_adjusted') }}
        ) as section_{{ loop.index }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

report as (
    -- the report's scheme is the published estimates themselves (not estimated twice: on Spark the plan of
    -- both schemes together ran out of memory broadcasting)
    select {{ columns }}
    from {{ wave_ref('fct_indicator_estimates') }}
    where breakdown = 'total'
),

schemes as (
    select * from report
    union all
    select * from adjusted
)

select
    schemes.wave,
    schemes.section,
    schemes.indicator,
    schemes.population,
    schemes.breakdown,
    schemes.breakdown_value,
    schemes.statistic,
    schemes.weighting,
    schemes.estimate,
    schemes.std_error,
    schemes.cv,
    schemes.ci_lower,
    schemes.ci_upper,
    schemes.respondents,
    schemes.weighted_firms,
    schemes.design_effect,
    schemes.reliability,
    schemes.suppressed,
    schemes.suppression_reason,
    schemes.estimate - report.estimate as difference_from_report,
    schemes.label_nl,
    schemes.label_en
from schemes
inner join report
    on
        schemes.wave = report.wave
        and schemes.indicator = report.indicator
        and schemes.population = report.population
