-- Figures 1-12 of the report: every indicator a figure shows, with the population the report uses and
-- the estimate with its interval and base. Filter on report_source ('figure_1' ... 'figure_12'). Runs
-- against the analysts' or the public database (where withheld estimates are empty);
-- marts.fct_published_comparison in the analysts' database sets them next to the printed values.
select
    figures.wave,
    figures.report_source,
    figures.indicator,
    figures.population,
    round(estimates.estimate, 1) as estimate,
    round(estimates.ci_lower, 1) as ci_lower,
    round(estimates.ci_upper, 1) as ci_upper,
    estimates.respondents,
    estimates.base_nl
from {{ published_ref('dim_report_figures') }} as figures
inner join {{ published_ref('fct_indicator_estimates') }} as estimates
    on
        figures.wave = estimates.wave
        and figures.indicator = estimates.indicator
        and figures.population = estimates.population
        and figures.breakdown = estimates.breakdown
where figures.report_source like 'figure_%'
order by figures.wave, try_cast(regexp_extract(figures.report_source, '([0-9]+)', 1) as integer), figures.indicator
