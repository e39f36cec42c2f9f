-- Table 5 as the report prints it: share of adopters using AI for each application, per NACE group
-- (%, adopters that answered the question).
select
    estimates.wave,
    'NACE ' || estimates.breakdown_value as sector,
    estimates.indicator,
    estimates.label_nl,
    round(estimates.estimate, 1) as pct,
    estimates.respondents
from {{ ref('mart_applications') }} as estimates
inner join {{ ref('dim_nace_groups') }} as nace on estimates.breakdown_value = nace.nace_group
inner join {{ ref('indicators') }} as indicators on estimates.indicator = indicators.indicator
where estimates.breakdown = 'nace_group' and estimates.population = 'adopters'
order by estimates.wave, nace.sort_order, indicators.sort_order
