-- International benchmark (the report's stated aim): Eurostat's published AI-adoption figures next to
-- the Flemish estimate restricted to Eurostat's scope (10+ employees; the barometer's nine NACE groups
-- are Eurostat's sections C-N without K, plus 95.1), with its 95% interval, for the same year.
with

flemish as (
    {{ estimate_indicators('adoption', populations=['all_firms'], breakdowns=['enterprise_scope'],
                           indicators=['uses_any_ai']) }}
),

eurostat as (
    select * from {{ ref('ref_eurostat_figures') }}
)

select
    flemish.wave,
    eurostat.indicator,
    eurostat.eurostat_code,
    eurostat.geo as benchmark_geo,
    eurostat.value as benchmark_value,
    flemish.estimate as flanders_estimate,
    flemish.ci_lower as flanders_ci_lower,
    flemish.ci_upper as flanders_ci_upper,
    flemish.respondents as flanders_respondents,
    flemish.estimate - eurostat.value as difference,
    eurostat.value not between flemish.ci_lower and flemish.ci_upper as benchmark_outside_interval,
    eurostat.population_scope,
    eurostat.sector_scope,
    eurostat.source,
    eurostat.definition_note
from flemish
inner join eurostat
    on
        flemish.wave = eurostat.year
        and flemish.indicator = eurostat.indicator
        and flemish.breakdown_value = '10+'
