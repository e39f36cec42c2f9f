-- depends_on: {{ ref('populations') }}
-- The one input of every estimate: per wave x indicator x population x stratum, the respondents with
-- a valid answer (x = 1) and the sums of their scores y (1/0 for a share, the reported % for a mean).
-- Breakdowns by NACE group or size class are unions of strata, so every estimate and its design-based
-- variance (stratified, weights constant within a stratum) follow from these sums alone. The sums come
-- from one pass over the respondents (int_indicator_stratum_moments); this turns its columns into rows
-- (one unpivot: macros/estimation/unpivot_moments.sql), keeping the strata where the indicator has
-- respondents or item non-respondents (skipped: put to them, left empty).
{%- set indicators = relation_rows(ref('indicators'), "select indicator from {relation}") %}
{%- set population_names = populations() | map(attribute='population') | list %}
with

moments as (
    select * from {{ wave_ref('int_indicator_stratum_moments') }}
),

cells as (
    {{ unpivot_moments('moments', indicators | length, population_names) }}  -- noqa: PRS
),

indicators as (
    -- k: the indicator's place in sort order, as int_indicator_stratum_moments numbers its columns
    select
        row_number() over (order by sort_order, indicator) as k,
        indicator,
        section,
        statistic
    from {{ ref('indicators') }}
)

select
    cells.wave,
    indicators.section,
    indicators.indicator,
    indicators.statistic,
    cells.population,
    cells.nace_group,
    cells.size_class,
    cells.respondents,
    cells.sum_y,
    cells.sum_y_squared,
    cells.skipped
from cells
inner join indicators on cells.k = indicators.k
where cells.respondents > 0 or cells.skipped > 0
