-- Every usable respondent with its stratum, design weight and adopter status: the unit every
-- estimate is built from.
with

usable as (
    select * from {{ wave_ref('fct_response_dispositions') }}
    where disposition = 'usable'
),

technologies as (
    select
        wave,
        respondent_key,
        answer_value as n_technologies_used
    from {{ wave_ref('int_respondent_answers') }}
    where item = 'n_technologies_used'
)

select
    -- keys
    usable.wave,
    usable.response_key as respondent_key,
    usable.nace_group,
    usable.size_class,
    -- design
    strata.design_weight,
    strata.population_firms as stratum_population,
    strata.usable_responses as stratum_respondents,
    -- domain
    coalesce(technologies.n_technologies_used > 0, false) as is_adopter
from usable
inner join {{ wave_ref('dim_strata') }} as strata
    on
        usable.wave = strata.wave
        and usable.nace_group = strata.nace_group
        and usable.size_class = strata.size_class
left join technologies
    on usable.wave = technologies.wave and usable.response_key = technologies.respondent_key
