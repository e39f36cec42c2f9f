-- For waves the report covers: population, sampled firms and usable responses per stratum built from
-- the raw files equal Tables 1 and 2, and the funnel's totals equal section 2.3. Quarantined responses
-- are rows the report's own data did not hold (a bad export): they count as received only once resolved.
with

strata as (
    select
        built.wave,
        built.stratum,
        built.population_firms,
        built.sampled_firms,
        built.usable_responses,
        printed.population_firms as printed_population,
        printed.sampled_firms as printed_sampled,
        printed.usable_responses as printed_usable
    from {{ ref('dim_strata') }} as built
    inner join {{ ref('stg_reference__frame_strata') }} as printed
        on
            built.wave = printed.wave
            and built.nace_group = printed.nace_group
            and built.size_class = printed.size_class
),

funnel as (
    select
        wave,
        sum(sampled) as sampled,
        sum(undeliverable) as undeliverable,
        sum(reached) as reached,
        sum(received - quarantined) as received,
        sum(excluded) as excluded,
        sum(usable) as usable
    from {{ ref('fct_fieldwork_funnel') }}
    group by wave
),

funnel_long as (
    select
        wave,
        step,
        built_value
    from funnel
    unpivot (built_value for step in (sampled, undeliverable, reached, received, excluded, usable))
)

select
    wave,
    'wave ' || wave || ' stratum ' || stratum || ': built ' || population_firms || ' / ' || sampled_firms
    || ' / ' || usable_responses || ' (population / sampled / usable), report prints ' || printed_population
    || ' / ' || printed_sampled || ' / ' || printed_usable as failure
from strata
where
    population_firms != printed_population
    or sampled_firms != printed_sampled
    or usable_responses != printed_usable
union all
select
    funnel_long.wave,
    'wave ' || funnel_long.wave || ' funnel ' || funnel_long.step || ': built ' || funnel_long.built_value
    || ', report prints ' || printed.printed_value as failure
from funnel_long
inner join {{ ref('stg_reference__fieldwork_funnel') }} as printed
    on funnel_long.wave = printed.wave and funnel_long.step = printed.step
where funnel_long.built_value != printed.printed_value
