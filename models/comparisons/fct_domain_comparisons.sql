-- "Is sector A higher than sector B?": per wave and indicator, every pair of values of a breakdown (NACE
-- group vs NACE group, size class vs size class, within a population) and adopters vs non-adopters (within
-- each breakdown value), with the difference a - b, its design-based standard error, a 95% t interval and
-- a two-sided p-value, Holm-adjusted within the family of one indicator, population (or the adopter
-- pair) and breakdown.
-- Variance of a difference: var(a) + var(b) - 2 cov(a, b). Two NACE groups or two size classes are
-- unions of different strata, whose samples are independent: cov = 0. Adopters and non-adopters of one
-- domain share its strata: with per-stratum score sums S_a and S_b (z = w (y - R x) / X, zero outside the
-- domain) the stratified estimator of the covariance is the sum over strata with n_h >= 2 of
-- -(1 - n_h / N_h) / (n_h - 1) x S_a S_b (each respondent is in one of the two, so the cross products
-- vanish and only the strata means remain; a stratum of one respondent holds one of them). df: the two
-- domains' respondents minus the strata holding either (the estimates' own df added, plus the strata
-- the two share). docs/precision.md.
with

estimates as (
    select
        *,
        case when statistic = 'pct' then 100 else 1 end as scale
    from {{ wave_ref('fct_indicator_estimates') }}
    where breakdown in ('total', 'nace_group', 'size_class')
),

strata as (
    select * from {{ wave_ref('dim_strata') }}
),

sums as (
    select * from {{ wave_ref('int_indicator_stratum_sums') }}
    where respondents > 0 and population in ('adopters', 'non_adopters')
),

stratum_scores as (
    -- per adopter or non-adopter domain cell and stratum: the sum of the cell's scores, on the estimate's scale
    select
        estimates.wave,
        estimates.indicator,
        estimates.population,
        estimates.breakdown,
        estimates.breakdown_value,
        sums.nace_group,
        sums.size_class,
        strata.usable_responses as n_stratum,
        strata.population_firms as population_stratum,
        estimates.scale * {{ stratum_score_sum('strata.design_weight', 'sums.sum_y', 'sums.respondents',
                                               'estimates.estimate / estimates.scale', 'estimates.weighted_firms') }}
            as score_sum
    from estimates
    inner join sums
        on
            estimates.wave = sums.wave
            and estimates.indicator = sums.indicator
            and estimates.population = sums.population
            and (
                estimates.breakdown = 'total'
                or (estimates.breakdown = 'nace_group' and estimates.breakdown_value = sums.nace_group)
                or (estimates.breakdown = 'size_class' and estimates.breakdown_value = sums.size_class)
            )
    inner join strata
        on sums.wave = strata.wave and sums.nace_group = strata.nace_group and sums.size_class = strata.size_class
),

shared_strata as (
    -- adopters vs non-adopters of one domain: the covariance over the strata holding both, and how many
    select
        adopters.wave,
        adopters.indicator,
        adopters.breakdown,
        adopters.breakdown_value,
        count(*) as strata,
        sum(
            case
                when adopters.n_stratum >= 2
                    then
                        -(1 - adopters.n_stratum / adopters.population_stratum) / (adopters.n_stratum - 1)
                        * adopters.score_sum * non_adopter_cells.score_sum
                else 0
            end
        ) as covariance
    from stratum_scores as adopters
    inner join stratum_scores as non_adopter_cells
        on
            adopters.wave = non_adopter_cells.wave
            and adopters.indicator = non_adopter_cells.indicator
            and adopters.breakdown = non_adopter_cells.breakdown
            and adopters.breakdown_value = non_adopter_cells.breakdown_value
            and adopters.nace_group = non_adopter_cells.nace_group
            and adopters.size_class = non_adopter_cells.size_class
    where adopters.population = 'adopters' and non_adopter_cells.population = 'non_adopters'
    group by adopters.wave, adopters.indicator, adopters.breakdown, adopters.breakdown_value
),

value_order as (
    select
        'nace_group' as breakdown,
        nace_group as breakdown_value,
        sort_order
    from {{ ref('nace_groups') }}
    union all
    select
        'size_class' as breakdown,
        size_class as breakdown_value,
        sort_order
    from {{ ref('size_classes') }}
),

pairs as (
    -- two values of one breakdown, within a population (disjoint strata, independent)
    select
        a.wave,
        a.indicator,
        a.breakdown as comparison,
        a.breakdown,
        a.population as population_a,
        a.breakdown_value as value_a,
        a.population as population_b,
        b.breakdown_value as value_b
    from estimates as a
    inner join estimates as b
        on
            a.wave = b.wave
            and a.indicator = b.indicator
            and a.population = b.population
            and a.breakdown = b.breakdown
    inner join value_order as order_a on a.breakdown = order_a.breakdown and a.breakdown_value = order_a.breakdown_value
    inner join value_order as order_b on b.breakdown = order_b.breakdown and b.breakdown_value = order_b.breakdown_value
    where order_a.sort_order < order_b.sort_order
    union all
    -- adopters vs non-adopters of one domain (shared strata)
    select
        wave,
        indicator,
        'adopter_status' as comparison,
        breakdown,
        'adopters' as population_a,
        breakdown_value as value_a,
        'non_adopters' as population_b,
        breakdown_value as value_b
    from estimates
    where population = 'adopters'
),

tested as (
    select
        pairs.*,
        a.section,
        a.statistic,
        a.estimate as estimate_a,
        b.estimate as estimate_b,
        a.estimate - b.estimate as difference,
        coalesce(shared_strata.covariance, 0) as covariance,
        sqrt(greatest(
            a.std_error * a.std_error + b.std_error * b.std_error - 2 * coalesce(shared_strata.covariance, 0), 0
        )) as std_error,
        a.degrees_of_freedom + b.degrees_of_freedom + coalesce(shared_strata.strata, 0) as degrees_of_freedom,
        a.suppressed or b.suppressed as suppressed
    from pairs
    inner join estimates as a
        on
            pairs.wave = a.wave and pairs.indicator = a.indicator and pairs.population_a = a.population
            and pairs.breakdown = a.breakdown and pairs.value_a = a.breakdown_value
    inner join estimates as b
        on
            pairs.wave = b.wave and pairs.indicator = b.indicator and pairs.population_b = b.population
            and pairs.breakdown = b.breakdown and pairs.value_b = b.breakdown_value
    left join shared_strata
        on
            pairs.comparison = 'adopter_status' and pairs.wave = shared_strata.wave
            and pairs.indicator = shared_strata.indicator and pairs.breakdown = shared_strata.breakdown
            and pairs.value_a = shared_strata.breakdown_value
),

p_values as (
    select
        *,
        t_two_sided_p(difference / nullif(std_error, 0), degrees_of_freedom) as p_value
    from tested
),

families as (
    -- Holm within a family: one indicator, one population (or the adopter pair) and one breakdown
    select
        *,
        count(p_value) over family as family_size,
        row_number() over (
            partition by wave, indicator, comparison, breakdown, population_a
            order by p_value nulls last
        ) as p_rank
    from p_values
    window family as (partition by wave, indicator, comparison, breakdown, population_a)
)

select
    -- keys
    wave,
    section,
    indicator,
    statistic,
    comparison,
    breakdown,
    population_a,
    value_a,
    population_b,
    value_b,
    -- the two estimates and their difference a - b
    estimate_a,
    estimate_b,
    difference,
    std_error,
    covariance,
    degrees_of_freedom,
    difference - t_quantile(0.975, degrees_of_freedom) * std_error as ci_lower,
    difference + t_quantile(0.975, degrees_of_freedom) * std_error as ci_upper,
    p_value,
    family_size,
    -- Holm: the k-th smallest p-value times (m - k + 1), kept monotone, at most 1; m counts the family's
    -- p-values, and a comparison without one (zero standard error, df < 1) has no adjusted value either
    case
        when p_value is not null
            then least(
                max((family_size - p_rank + 1) * p_value) over (
                    partition by wave, indicator, comparison, breakdown, population_a
                    order by p_rank rows between unbounded preceding and current row
                ),
                1
            )
    end as p_value_holm,
    -- disclosure: a comparison involving a suppressed estimate is withheld in the public database
    suppressed
from families
