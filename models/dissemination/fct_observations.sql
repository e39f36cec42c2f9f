-- The public estimates in the shape official statistics publish them (Eurostat's datasets, SDMX): one
-- row per observation, one column per dimension (wave, indicator, population, nace_group, size_class;
-- a breakdown's other dimension is its TOTAL member), the value with its unit, interval and precision,
-- Eurostat's two flags since January 2025 (OBS_STATUS: b break in series, u low reliability; CONF_STATUS:
-- C confidential, with the reason; code lists in dim_code_lists) and whether the wave is synthetic.
-- Withholding is applied here, from fct_disclosure_control, so the analysts' warehouse and the public
-- database hold the same rows.
with

estimates as (
    select * from {{ wave_ref('fct_indicator_estimates') }}
),

disclosure as (
    select * from {{ wave_ref('fct_disclosure_control') }}
),

waves as (
    select * from {{ wave_ref('dim_waves') }}
),

previous_waves as (
    -- each wave's wave before it
    select
        later.wave,
        max(earlier.wave) as base_wave
    from {{ ref('dim_waves') }} as later
    inner join {{ ref('dim_waves') }} as earlier on later.wave > earlier.wave
    group by later.wave
),

estimated as (
    select distinct
        wave,
        indicator
    from {{ ref('fct_indicator_estimates') }}
),

breaks as (
    -- an indicator whose series breaks at a wave: against the wave before it, a break in series
    -- (fct_indicator_comparability: wording, sampling design, frame) or, where that wave estimated it too,
    -- not comparable at all. A series that starts at the wave (not asked before) does not break.
    select
        comparability.wave,
        comparability.indicator
    from {{ ref('fct_indicator_comparability') }} as comparability
    inner join previous_waves
        on comparability.wave = previous_waves.wave and comparability.base_wave = previous_waves.base_wave
    left join estimated
        on comparability.base_wave = estimated.wave and comparability.indicator = estimated.indicator
    where comparability.is_break_in_series or (not comparability.is_comparable and estimated.indicator is not null)
),

breakdowns as (
    -- the breakdowns the dimensions can express; another breakdown is left out, never shown as a total
    select code as breakdown from {{ ref('code_lists') }}
    where code_list = 'breakdown'
),

observations as (
    select
        estimates.*,
        coalesce(disclosure.suppressed, false) as is_withheld,
        disclosure.suppression_reason as withheld_because,
        breaks.indicator is not null as is_break_in_series
    from estimates
    inner join breakdowns
        on estimates.breakdown = breakdowns.breakdown
    left join disclosure
        on
            estimates.wave = disclosure.wave
            and estimates.indicator = disclosure.indicator
            and estimates.population = disclosure.population
            and estimates.breakdown = disclosure.breakdown
            and estimates.breakdown_value = disclosure.breakdown_value
    left join breaks
        on estimates.wave = breaks.wave and estimates.indicator = breaks.indicator
)

select
    -- dimensions
    observations.wave,
    observations.indicator,
    observations.population,
    case when observations.breakdown = 'nace_group' then observations.breakdown_value else {{ total_member() }} end
        as nace_group,
    case when observations.breakdown = 'size_class' then observations.breakdown_value else {{ total_member() }} end
        as size_class,
    -- measure and its unit
    case when not observations.is_withheld then observations.estimate end as obs_value,
    statistic_units.unit,
    -- precision (withheld with the value)
    case when not observations.is_withheld then observations.std_error end as std_error,
    case when not observations.is_withheld then observations.cv end as cv,
    case when not observations.is_withheld then observations.ci_lower end as ci_lower,
    case when not observations.is_withheld then observations.ci_upper end as ci_upper,
    case when not observations.is_withheld then observations.reliability end as reliability,
    -- a withheld cell shows no count either (docs/precision.md, what a withheld cell publishes)
    case when not observations.is_withheld then observations.respondents end as respondents,
    -- attributes: Eurostat's observation status (one code: low reliability before a break, which
    -- is_break_in_series keeps saying) and confidentiality status, with the reason for the latter
    {{ eurostat_obs_status('observations.is_withheld', 'observations.reliability',
                           'observations.is_break_in_series') }} as obs_status,
    {{ eurostat_conf_status('observations.is_withheld') }} as conf_status,
    case when observations.is_withheld then observations.withheld_because end as suppression_reason,
    observations.is_break_in_series,
    observations.weighting,
    waves.is_synthetic
from observations
inner join {{ ref('statistics') }} as statistic_units
    on observations.statistic = statistic_units.statistic
left join waves
    on observations.wave = waves.wave
