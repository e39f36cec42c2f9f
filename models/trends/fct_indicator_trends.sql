-- Change of every comparable indicator between two waves, per population, breakdown and pair of waves:
-- both estimates, the change in percentage points, its standard error, a 95% interval and whether it
-- excludes zero. The two samples share firms (the design takes whole strata each edition), so
-- var(change) = var(earlier) + var(later) - 2 cov(earlier, later), the covariance estimated from the
-- firms usable in both waves in the same stratum (int_indicator_overlap_moments), stratified, for two
-- simple random samples of a stratum that overlap (Cochran 1977, 12.11; Tam 1984):
--   cov = sum_h N_h1 N_h2 / (X1 X2) x (m_h / (n_h1 n_h2) - 1 / N_h2) x s_12,h,
-- with s_12,h the covariance over the m_h linked firms of e1 = y1 - R1 x1 and e2 = y2 - R2 x2 (strata
-- with m_h >= 2). The independent-samples standard error is kept beside it. Degrees of freedom: the
-- smaller of the two; the two-sided t p-value beside the interval. Breaks in series come from
-- fct_indicator_comparability. A change is as reliable as the less reliable of its two estimates, and carries
-- Eurostat's flags as fct_observations does (OBS_STATUS u before b; CONF_STATUS C). docs/trends.md.
-- Only pairs with a wave this run loads are rebuilt (delete+insert on base_wave and wave).
with

estimates as (
    select * from {{ ref('fct_indicator_estimates') }}
),

loaded as (
    select distinct wave from {{ wave_ref('dim_strata') }}
),

comparability as (
    select * from {{ ref('fct_indicator_comparability') }}
),

strata as (
    select * from {{ ref('dim_strata') }}
),

overlap as (
    select * from {{ ref('int_indicator_overlap_moments') }}
),

paired as (
    select
        later.wave,
        earlier.wave as base_wave,
        later.section,
        later.indicator,
        later.population,
        later.breakdown,
        later.breakdown_value,
        later.statistic,
        earlier.estimate as base_estimate,
        later.estimate,
        earlier.std_error as base_std_error,
        later.std_error as later_std_error,
        earlier.weighted_firms as base_weighted_firms,
        later.weighted_firms,
        case when later.statistic = 'pct' then 100 else 1 end as scale,
        comparability.is_break_in_series,
        comparability.break_in_series_because,
        least(earlier.degrees_of_freedom, later.degrees_of_freedom) as degrees_of_freedom,
        earlier.suppressed or later.suppressed as suppressed,
        coalesce(later.suppression_reason, earlier.suppression_reason) as suppression_reason,
        case
            when 'unreliable' in (earlier.reliability, later.reliability) then 'unreliable'
            when 'review' in (earlier.reliability, later.reliability) then 'review'
            else 'reliable'
        end as reliability,
        later.label_nl,
        later.label_en
    from estimates as earlier
    inner join estimates as later
        on
            earlier.indicator = later.indicator
            and earlier.population = later.population
            and earlier.breakdown = later.breakdown
            and earlier.breakdown_value = later.breakdown_value
            and earlier.wave < later.wave
    inner join comparability
        on
            later.indicator = comparability.indicator
            and earlier.wave = comparability.base_wave
            and later.wave = comparability.wave
    where
        comparability.is_comparable
        and (earlier.wave in (select loaded.wave from loaded) or later.wave in (select loaded.wave from loaded))
),

covariances as (
    -- per trend row: the covariance of its two estimates (on the estimates' scale) and the linked firms
    -- counted in both estimates' bases
    select
        paired.wave,
        paired.base_wave,
        paired.indicator,
        paired.population,
        paired.breakdown,
        paired.breakdown_value,
        sum(overlap.sum_xx) as overlap_respondents,
        paired.scale * paired.scale * sum(
            case
                when overlap.linked_respondents >= 2
                    then
                        earlier_strata.population_firms * later_strata.population_firms
                        / (paired.base_weighted_firms * paired.weighted_firms)
                        * (
                            overlap.linked_respondents
                            / (earlier_strata.usable_responses * later_strata.usable_responses)
                            - 1.0 / later_strata.population_firms
                        )
                        * (
                            (
                                overlap.sum_yy - paired.estimate / paired.scale * overlap.sum_yx
                                - paired.base_estimate / paired.scale * overlap.sum_xy
                                + paired.base_estimate / paired.scale * paired.estimate / paired.scale * overlap.sum_xx
                            )
                            - (overlap.earlier_y - paired.base_estimate / paired.scale * overlap.earlier_x)
                            * (overlap.later_y - paired.estimate / paired.scale * overlap.later_x)
                            / overlap.linked_respondents
                        ) / (overlap.linked_respondents - 1)
                else 0
            end
        ) as covariance
    from paired
    inner join overlap
        on
            paired.base_wave = overlap.base_wave
            and paired.wave = overlap.wave
            and paired.indicator = overlap.indicator
            and paired.population = overlap.population
            and (
                paired.breakdown = 'total'
                or (paired.breakdown = 'nace_group' and paired.breakdown_value = overlap.nace_group)
                or (paired.breakdown = 'size_class' and paired.breakdown_value = overlap.size_class)
            )
    inner join strata as earlier_strata
        on
            overlap.base_wave = earlier_strata.wave
            and overlap.nace_group = earlier_strata.nace_group
            and overlap.size_class = earlier_strata.size_class
    inner join strata as later_strata
        on
            overlap.wave = later_strata.wave
            and overlap.nace_group = later_strata.nace_group
            and overlap.size_class = later_strata.size_class
    group by
        paired.wave, paired.base_wave, paired.indicator, paired.population, paired.breakdown, paired.breakdown_value,
        paired.scale
),

changes as (
    select
        paired.*,
        paired.estimate - paired.base_estimate as estimate_change,
        coalesce(covariances.covariance, 0) as covariance,
        coalesce(covariances.overlap_respondents, 0)::bigint as overlap_respondents,
        sqrt(greatest(
            power(paired.base_std_error, 2) + power(paired.later_std_error, 2)
            - 2 * coalesce(covariances.covariance, 0), 0
        )) as std_error,
        sqrt(power(paired.base_std_error, 2) + power(paired.later_std_error, 2)) as std_error_independent
    from paired
    left join covariances
        on
            paired.wave = covariances.wave
            and paired.base_wave = covariances.base_wave
            and paired.indicator = covariances.indicator
            and paired.population = covariances.population
            and paired.breakdown = covariances.breakdown
            and paired.breakdown_value = covariances.breakdown_value
)

select
    -- keys
    wave,
    base_wave,
    section,
    indicator,
    population,
    breakdown,
    breakdown_value,
    statistic,
    -- the two estimates and their change
    base_estimate,
    estimate,
    estimate_change,
    std_error,
    degrees_of_freedom,
    estimate_change - t_quantile(0.975, degrees_of_freedom) * std_error as ci_lower,
    estimate_change + t_quantile(0.975, degrees_of_freedom) * std_error as ci_upper,
    abs(estimate_change) > t_quantile(0.975, degrees_of_freedom) * std_error as is_significant,
    t_two_sided_p(estimate_change / nullif(std_error, 0), degrees_of_freedom) as p_value,
    -- the less reliable of the two estimates (NCHS 2017 judges estimates; a change inherits their doubt)
    reliability,
    -- what the standard error rests on: the covariance of the two estimates, the firms in both bases, and
    -- the standard error had the samples been independent
    covariance,
    overlap_respondents,
    std_error_independent,
    -- a break in series (fct_indicator_comparability): the change mixes a real change with the break's
    is_break_in_series,
    break_in_series_because,
    -- Eurostat's flags: observation status (u low reliability before b break in series, which
    -- is_break_in_series keeps saying) and confidentiality
    {{ eurostat_obs_status('suppressed', 'reliability', 'is_break_in_series') }} as obs_status,
    {{ eurostat_conf_status('suppressed') }} as conf_status,
    -- disclosure: a change involving a suppressed estimate is withheld; the public database also withholds
    -- a change involving a complementary cell (disclosure control comes after this step of the pipeline)
    suppressed,
    suppression_reason,
    label_nl,
    label_en
from changes
