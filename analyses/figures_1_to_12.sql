-- Figures 1-12 of the report: every indicator a figure shows, with the population and base the report
-- uses, next to the printed value. Filter on report_source ('figure_1' ... 'figure_12').
select
    wave,
    report_source,
    indicator,
    population,
    breakdown,
    breakdown_value,
    statistic,
    round(estimate, 1) as estimate,
    printed_text,
    respondents,
    printed_base_n
from {{ ref('fct_published_comparison') }}
where report_source like 'figure_%'
order by wave, try_cast(regexp_extract(report_source, '[0-9]+') as integer), indicator
