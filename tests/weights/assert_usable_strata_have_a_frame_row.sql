-- Frame integrity before weighting, for the strata the answers give (the intake checks the sample's):
-- every stratum with usable responses has a frame row with 0 < usable responses <= population. The
-- failure names frame.csv and the stratum, as the intake's stops do.
with

usable as (
    select
        wave,
        nace_group,
        size_class,
        count(*) as usable_responses
    from {{ ref('fct_response_dispositions') }}
    where disposition = 'usable'
    group by wave, nace_group, size_class
)

select
    usable.wave,
    usable.nace_group,
    usable.size_class,
    usable.usable_responses,
    frame.population_firms,
    'wave=' || usable.wave || '/frame.csv: '
    || case
        when frame.population_firms is null
            then
                'no row for stratum ' || usable.nace_group || ' x ' || usable.size_class || ', which has '
                || usable.usable_responses || ' usable response(s). Fix: add the stratum''s population to frame.csv'
        else
            'stratum ' || usable.nace_group || ' x ' || usable.size_class || ' has population_firms '
            || frame.population_firms || ' but ' || usable.usable_responses
            || ' usable responses. Fix: correct the population'
    end as failure
from usable
left join {{ ref('stg_survey__frame') }} as frame
    on
        usable.wave = frame.wave
        and usable.nace_group = frame.nace_group
        and usable.size_class = frame.size_class
where frame.population_firms is null or usable.usable_responses > frame.population_firms
