-- Change of every comparable indicator between two waves, per population, breakdown and pair of waves:
-- both estimates, the change in percentage points, its standard error, a 95% interval and whether it
-- excludes zero. The waves are independent samples, so var(change) = var(earlier) + var(later); a firm
-- answering both waves (a panel overlap) would add -2 cov(earlier, later), usually making the
-- interval narrower, and is ignored here (docs/trends.md). Degrees of freedom: the smaller of the two.
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
        least(earlier.degrees_of_freedom, later.degrees_of_freedom) as degrees_of_freedom,
        earlier.suppressed or later.suppressed as suppressed,
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

changes as (
    select
        *,
        estimate - base_estimate as estimate_change,
        sqrt(power(base_std_error, 2) + power(later_std_error, 2)) as std_error
    from paired
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
    -- disclosure: a change involving a suppressed estimate is withheld in the public database
    suppressed,
    label_nl,
    label_en
from changes
