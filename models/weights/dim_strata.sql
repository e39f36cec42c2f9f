-- One row per wave x stratum: population N_h, sampled firms, usable responses n_h and the design
-- weight N_h / n_h that every usable response of the stratum carries (report, section 2.3).
with

frame as (
    select * from {{ wave_ref('int_frame_strata') }}
),

usable as (
    select
        wave,
        nace_group,
        size_class,
        count(*) as usable_responses
    from {{ wave_ref('fct_response_dispositions') }}
    where disposition = 'usable'
    group by wave, nace_group, size_class
)

select
    -- keys
    frame.wave,
    frame.nace_group || ' x ' || frame.size_class as stratum,
    frame.nace_group,
    frame.size_class,
    -- counts
    frame.population_firms,
    frame.sampled_firms,
    coalesce(usable.usable_responses, 0) as usable_responses,
    -- weight
    frame.population_firms::double / nullif(usable.usable_responses, 0) as design_weight
from frame
left join usable
    on
        frame.wave = usable.wave
        and frame.nace_group = usable.nace_group
        and frame.size_class = usable.size_class
