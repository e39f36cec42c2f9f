-- Every figure the report prints next to the warehouse's estimate of it: the acceptance test of the
-- pipeline (and, for the synthetic wave, of its calibration). outcome: exact (equal after rounding to
-- the printed decimals), within_tolerance (|difference| <= 0.5), outside_tolerance, bound_met /
-- bound_missed (figures printed only in words: '<10', '~40' read as within 5 points), missing.
-- figure_role, declared per wave by its wave_info.csv: a synthetic wave is calibrated to its figures
-- ('calibration_target': a miss fails the build, assert_published_figures_within_tolerance); a wave of
-- real data is compared with them ('reference': a miss is reported here and in the run summary, and
-- does not stop publication).
with

published as (
    -- figures of the waves the warehouse holds (a benchmark build may hold other waves only)
    select figures.*
    from {{ ref('stg_reference__published_figures') }} as figures
    semi join {{ ref('dim_strata') }} as strata on figures.wave = strata.wave
),

estimates as (
    select * from {{ ref('fct_indicator_estimates') }}
),

errata as (
    select * from {{ ref('ref_figure_errata') }}
),

waves as (
    select * from {{ ref('dim_waves') }}
)

select
    published.wave,
    published.report_source,
    published.section,
    published.indicator,
    published.population,
    published.breakdown,
    published.breakdown_value,
    published.statistic,
    published.printed_text,
    published.printed_value,
    published.printed_decimals,
    published.printed_base_n,
    estimates.estimate,
    estimates.respondents,
    {{ round_to('estimates.estimate', 'published.printed_decimals') }} as reproduced,
    estimates.estimate - published.printed_value as difference,
    case
        when estimates.estimate is null then 'missing'
        when published.comparison = 'below' and estimates.estimate < published.printed_bound then 'bound_met'
        when published.comparison = 'approximately' and abs(estimates.estimate - published.printed_bound) <= 5
            then 'bound_met'
        when published.comparison in ('below', 'approximately') then 'bound_missed'
        when {{ round_to('estimates.estimate', 'published.printed_decimals') }} = published.printed_value then 'exact'
        when abs(estimates.estimate - published.printed_value) <= 0.5 then 'within_tolerance'
        else 'outside_tolerance'
    end as outcome,
    errata.reason as erratum,
    case when coalesce(waves.is_synthetic, true) then 'calibration_target' else 'reference' end as figure_role
from published
left join waves on published.wave = waves.wave
left join estimates
    on
        published.wave = estimates.wave
        and published.indicator = estimates.indicator
        and published.population = estimates.population
        and published.breakdown = estimates.breakdown
        and published.breakdown_value = estimates.breakdown_value
left join errata
    on
        published.wave = errata.wave
        and published.population = errata.population
        and published.breakdown = errata.breakdown
        and published.breakdown_value = {{ coded_breakdown_value('errata.breakdown', 'errata.breakdown_value') }}
        and published.indicator like replace(errata.indicator, '*', '%')
