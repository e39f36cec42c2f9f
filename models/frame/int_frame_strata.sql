-- Population (sampling frame) and sampled firms per wave x stratum, from the raw wave partitions. A firm
-- sampled twice counts once (int_invitations).
with

frame as (
    select * from {{ wave_ref('stg_survey__frame') }}
),

sampled as (
    select
        wave,
        nace_group,
        size_class,
        count(*) as sampled_firms
    from {{ wave_ref('int_invitations') }}
    where is_counted
    group by wave, nace_group, size_class
)

select
    frame.wave,
    frame.nace_group,
    frame.size_class,
    frame.population_firms,
    coalesce(sampled.sampled_firms, 0) as sampled_firms
from frame
left join sampled
    on
        frame.wave = sampled.wave
        and frame.nace_group = sampled.nace_group
        and frame.size_class = sampled.size_class
