{#- The one estimation mechanism. A section mart says WHICH indicators (its section), populations and
    breakdowns; this says HOW (see docs/precision.md and the statistics guide):
    - estimate: the weighted ratio R = sum(w y) / sum(w x) over the domain's respondents, w = N_h / n_h
      (the weighting scheme's populations: int_strata_weightings; the report's by default);
    - std_error: Taylor linearisation for stratified sampling without replacement, with finite
      population correction. Scores z = w (y - R x) / X are zero outside the domain but the domain's
      strata keep all their n_h respondents; a stratum with one respondent contributes
      (1 - n_h / N_h) z^2 (R survey's lonely.psu = "adjust", centred at 0 for ratios);
    - 95% intervals: Korn-Graubard for shares, t-based for other means; df = respondents - strata;
    - means of a percentage: a t interval on the logit scale (macros/estimation/reliability.sql), inside 0-100;
    - design_effect, effective_n (n / deff, capped at n), kg_effective_n (the interval's df-adjusted one,
      capped at n as the NCHS standard caps it), reliability by the NCHS 2017 criteria (reliability_criteria:
      which held) and the < 5 respondents suppression.
    Breakdown domains are unions of strata, so all of it is aggregation of int_indicator_stratum_sums. -#}
{% macro estimate_indicators(section, populations, breakdowns=['total', 'nace_group', 'size_class'],
                             indicators=none, weighting='report') %}
with

sums as (
    select
        sums.*,
        strata.design_weight,
        strata.usable_responses as n_stratum,
        strata.population_firms as population_stratum
    from {{ wave_ref('int_indicator_stratum_sums') }} as sums
    inner join {{ wave_ref('int_strata_weightings') }} as strata
        on
            sums.wave = strata.wave
            and sums.nace_group = strata.nace_group
            and sums.size_class = strata.size_class
    where
        strata.weighting = '{{ weighting }}'
        and sums.section = '{{ section }}'
        and sums.population in ({% for p in populations %}'{{ p }}'{% if not loop.last %}, {% endif %}{% endfor %})
        {% if indicators %}
            and sums.indicator in ({% for i in indicators %}'{{ i }}'{% if not loop.last %}, {% endif %}{% endfor %})
        {% endif %}
),

domains as (
    {% for breakdown in breakdowns %}
        select
            *,
            '{{ breakdown }}' as breakdown,
            {{ breakdown_value(breakdown) }} as breakdown_value
        from sums
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

ratios as (
    select
        wave,
        section,
        indicator,
        population,
        breakdown,
        breakdown_value,
        statistic,
        sum(respondents)::bigint as respondents,
        -- strata holding respondents (a stratum may be here for its item non-respondents alone)
        count(case when respondents > 0 then 1 end) as strata,
        sum(skipped)::bigint as item_nonrespondents,
        sum(design_weight * respondents) as weighted_firms,
        sum(design_weight * sum_y) / nullif(sum(design_weight * respondents), 0) as ratio
    from domains
    group by all
    having sum(respondents) > 0
),

stratum_terms as (
    -- per stratum of the domain: sum of scores, sum of squared scores, weighted squared deviations
    select
        domains.wave,
        domains.indicator,
        domains.population,
        domains.breakdown,
        domains.breakdown_value,
        domains.n_stratum,
        domains.population_stratum,
        {{ stratum_score_sum('domains.design_weight', 'domains.sum_y', 'domains.respondents', 'ratios.ratio',
                             'ratios.weighted_firms') }} as score_sum,
        domains.design_weight * domains.design_weight
        * (domains.sum_y_squared - 2 * ratios.ratio * domains.sum_y + ratios.ratio * ratios.ratio * domains.respondents)
        / (ratios.weighted_firms * ratios.weighted_firms) as score_squares,
        domains.design_weight
        * (domains.sum_y_squared - 2 * ratios.ratio * domains.sum_y + ratios.ratio * ratios.ratio * domains.respondents)
        as weighted_deviations
    from domains
    inner join ratios
        on
            domains.wave = ratios.wave
            and domains.indicator = ratios.indicator
            and domains.population = ratios.population
            and domains.breakdown = ratios.breakdown
            and domains.breakdown_value = ratios.breakdown_value
),

variances as (
    select
        wave,
        indicator,
        population,
        breakdown,
        breakdown_value,
        sum(
            case
                when n_stratum >= 2
                    then (1 - n_stratum / population_stratum) * n_stratum / (n_stratum - 1)
                    * (score_squares - score_sum * score_sum / n_stratum)
                else (1 - n_stratum / population_stratum) * score_sum * score_sum
            end
        ) as variance,
        sum(weighted_deviations) as weighted_deviations
    from stratum_terms
    group by all
),

precision as (
    select
        ratios.*,
        greatest(variances.variance, 0) as variance,
        ratios.respondents - ratios.strata as degrees_of_freedom,
        -- design effect: variance over that of simple random sampling of the same size (guide)
        variances.variance / nullif(
            ratios.respondents::double / nullif(ratios.respondents - 1, 0) * variances.weighted_deviations
            / ratios.weighted_firms
            * (ratios.weighted_firms - ratios.respondents) / (ratios.weighted_firms * ratios.respondents),
            0
        ) as design_effect
    from ratios
    inner join variances
        on
            ratios.wave = variances.wave
            and ratios.indicator = variances.indicator
            and ratios.population = variances.population
            and ratios.breakdown = variances.breakdown
            and ratios.breakdown_value = variances.breakdown_value
),

intervals as (
    select
        *,
        -- Korn-Graubard effective sample size of a share as the NCHS standard computes the interval (CDC's
        -- surveytable, svyciprop_adjusted with adj = "NCHS"): min(n, p(1-p)/v x (t(n-1)/t(df))^2) for
        -- 0 < p < 1 (n at zero variance, 0 when df < 1: the interval is then [0, 1]), and n at 0% or 100%
        -- (the standard's own rule: no df factor there). The interval the flags are judged on.
        case
            when statistic != 'pct' then null
            when ratio <= 0 or ratio >= 1 then respondents::double
            when degrees_of_freedom < 1 then 0.0
            when variance = 0 then respondents::double
            else least(
                respondents::double,
                ratio * (1 - ratio) / variance
                * power(t_quantile(0.975, respondents - 1) / t_quantile(0.975, degrees_of_freedom), 2)
            )
        end as kg_effective_n,
        -- effective sample size (NCHS 2017): the size of a simple random sample as precise, n / design
        -- effect, capped at n: for shares p(1-p)/v (n at 0% or 100% or zero variance), for means n / deff
        least(
            respondents::double,
            case
                when statistic = 'pct' and (ratio <= 0 or ratio >= 1 or variance = 0) then respondents::double
                when statistic = 'pct' then ratio * (1 - ratio) / variance
                else coalesce(respondents / nullif(design_effect, 0), respondents::double)
            end
        ) as effective_n
    from precision
),

bounds as (
    select
        *,
        case
            when statistic = 'pct' then beta_quantile(0.025, kg_effective_n * ratio, kg_effective_n * (1 - ratio) + 1)
            when statistic = 'mean_pct' then {{ logit_t_bound('ratio', 'variance', 'degrees_of_freedom', 100, 'lower') }}
            else ratio - t_quantile(0.975, degrees_of_freedom) * sqrt(variance)
        end as lower_ratio,
        case
            when statistic = 'pct' then beta_quantile(0.975, kg_effective_n * ratio + 1, kg_effective_n * (1 - ratio))
            when statistic = 'mean_pct' then {{ logit_t_bound('ratio', 'variance', 'degrees_of_freedom', 100, 'upper') }}
            else ratio + t_quantile(0.975, degrees_of_freedom) * sqrt(variance)
        end as upper_ratio
    from intervals
),

judged as (
    select
        *,
        {{ reliability_columns() }}
    from bounds
),

scaled as (
    select
        *,
        case when statistic = 'pct' then 100 else 1 end as scale
    from judged
)

select
    scaled.wave,
    scaled.section,
    scaled.indicator,
    scaled.population,
    scaled.breakdown,
    scaled.breakdown_value,
    scaled.statistic,
    '{{ weighting }}' as weighting,
    scaled.scale * scaled.ratio as estimate,
    scaled.respondents,
    scaled.weighted_firms,
    scaled.scale * sqrt(scaled.variance) as std_error,
    -- coefficient of variation: the standard error relative to the estimate (null at an estimate of 0)
    sqrt(scaled.variance) / nullif(abs(scaled.ratio), 0) as cv,
    scaled.scale * scaled.lower_ratio as ci_lower,
    scaled.scale * scaled.upper_ratio as ci_upper,
    scaled.degrees_of_freedom,
    scaled.design_effect,
    scaled.effective_n,
    scaled.kg_effective_n,
    scaled.reliability,
    scaled.reliability_criteria,
    scaled.respondents < 5 as suppressed,
    case when scaled.respondents < 5 then 'fewer than 5 respondents' end as suppression_reason,
    scaled.item_nonrespondents,
    indicators.label_nl,
    indicators.label_en,
    -- the base the estimate is a share or mean of: its population, the follow-up's condition, and only
    -- respondents to the item (item non-respondents are left out: docs/precision.md)
    case when scaled.statistic = 'pct' then '% van ' else 'gemiddelde over ' end || populations.label_nl
    || coalesce(' ' || nullif(indicators.base_condition_nl, ''), '') || ', respondenten op de vraag' as base_nl,
    case when scaled.statistic = 'pct' then '% of ' else 'mean over ' end || populations.label_en
    || coalesce(' ' || nullif(indicators.base_condition_en, ''), '') || ', respondents to the item' as base_en
from scaled
inner join {{ ref('indicators') }} as indicators
    on scaled.indicator = indicators.indicator
inner join {{ ref('populations') }} as populations
    on scaled.population = populations.population
{% endmacro %}

{#- The sum of a stratum's linearised scores z = w (y - R x) / X for a ratio R = Y / X: w (sum y - R n) / X,
    the respondents counted by n. The estimates' variances and the comparisons' covariances start here. -#}
{% macro stratum_score_sum(design_weight, sum_y, respondents, ratio, weighted_firms) -%}
    {{ design_weight }} * ({{ sum_y }} - ({{ ratio }}) * {{ respondents }}) / {{ weighted_firms }}
{%- endmacro %}

{#- The value a stratum takes in a breakdown. Breakdowns are unions of strata: 'total', 'nace_group',
    'size_class', 'stratum' (the stratum itself, as dim_strata writes it) and 'enterprise_scope' (5-9
    versus 10+ employees, the scope of Eurostat's survey). -#}
{% macro breakdown_value(breakdown) -%}
    {%- if breakdown == 'total' -%}
        {{ total_member() }}
    {%- elif breakdown == 'stratum' -%}
        nace_group || ' x ' || size_class
    {%- elif breakdown == 'enterprise_scope' -%}
        case when size_class = '5-9' then '5-9' else '10+' end
    {%- else -%}
        {{ breakdown }}
    {%- endif -%}
{%- endmacro %}
