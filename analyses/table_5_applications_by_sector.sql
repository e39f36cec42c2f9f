-- Table 5 as the report prints it: share of adopters using AI for each application, per NACE group
-- (%, adopters that answered the question). Runs against the analysts' or the public database.
select
    estimates.wave,
    'NACE ' || estimates.breakdown_value as sector,
    estimates.indicator,
    estimates.label_nl,
    round(estimates.estimate, 1) as pct,
    estimates.respondents
from {{ published_ref('mart_applications') }} as estimates
inner join {{ published_ref('dim_nace_groups') }} as nace on estimates.breakdown_value = nace.nace_group
inner join {{ published_ref('dim_indicators') }} as indicators on estimates.indicator = indicators.indicator
where estimates.breakdown = 'nace_group' and estimates.population = 'adopters'
order by estimates.wave, nace.sort_order, indicators.sort_order
