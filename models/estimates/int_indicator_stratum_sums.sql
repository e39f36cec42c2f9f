-- The one input of every estimate: per wave x indicator x population x stratum, the respondents with
-- a valid answer (x = 1) and the sums of their scores y (1/0 for a share, the reported % for a mean).
-- Breakdowns by NACE group or size class are unions of strata, so every estimate and its design-based
-- variance (stratified, weights constant within a stratum) follow from these sums alone.
with

indicators as (
    select
        *,
        string_split(counted_codes, '|') as counted,
        string_split(condition_codes, '|') as conditions
    from {{ ref('indicators') }}
),

respondents as (
    select * from {{ wave_ref('int_respondents_weighted') }}
),

answers as (
    select * from {{ wave_ref('int_respondent_answers') }}
),

observations as (
    select
        answers.wave,
        answers.respondent_key,
        indicators.indicator,
        indicators.section,
        indicators.statistic,
        case
            when indicators.statistic = 'mean_pct' then answers.answer_value
            else list_contains(indicators.counted, answers.answer_value::integer::varchar)::integer
        end as y
    from answers
    inner join indicators on answers.item = indicators.item
    left join answers as condition
        on
            indicators.condition_item = condition.item
            and answers.wave = condition.wave
            and answers.respondent_key = condition.respondent_key
    where
        coalesce(indicators.condition_item, '') = ''
        or list_contains(indicators.conditions, condition.answer_value::integer::varchar)
),

populations as (
    select unnest(['all_firms', 'adopters', 'non_adopters']) as population
)

select
    observations.wave,
    observations.section,
    observations.indicator,
    observations.statistic,
    populations.population,
    respondents.nace_group,
    respondents.size_class,
    count(*) as respondents,
    sum(observations.y) as sum_y,
    sum(observations.y * observations.y) as sum_y_squared
from observations
inner join respondents
    on observations.wave = respondents.wave and observations.respondent_key = respondents.respondent_key
inner join populations
    on
        populations.population = 'all_firms'
        or (populations.population = 'adopters' and respondents.is_adopter)
        or (populations.population = 'non_adopters' and not respondents.is_adopter)
group by all
