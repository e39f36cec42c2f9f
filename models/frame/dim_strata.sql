-- One row per wave x stratum: population N_h, sampled firms, usable responses n_h and the
-- design weight N_h / n_h every usable response of the stratum carries (report, section 2.3).
with

frame as (
    select * from {{ ref('stg_reference__frame_strata') }}
)

select
    -- keys
    wave,
    nace_group || ' x ' || size_class as stratum,
    nace_group,
    size_class,
    -- counts
    population_firms,
    sampled_firms,
    usable_responses,
    -- weight
    population_firms::double / nullif(usable_responses, 0) as design_weight
from frame
