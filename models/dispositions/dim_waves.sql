-- One row per wave: where its data come from (synthetic or not, as the wave's wave_info.csv declares)
-- and its fieldwork totals, so that no analyst reads a synthetic wave's numbers as the survey's.
with

funnel as (
    select
        wave,
        sum(sampled)::bigint as sampled,
        sum(reached)::bigint as reached,
        sum(received)::bigint as received,
        sum(excluded)::bigint as excluded,
        sum(quarantined)::bigint as quarantined,
        sum(usable)::bigint as usable
    -- bigint: a sum of integers is a 128-bit integer in DuckDB, which pandas and BI tools read as a double
    from {{ wave_ref('fct_fieldwork_funnel') }}
    group by wave
),

info as (
    select * from {{ wave_ref('stg_survey__wave_info') }}
)

select
    -- keys
    funnel.wave,
    -- provenance (null: the wave's folder declares none)
    info.is_synthetic,
    coalesce(info.provenance, 'not declared (the wave folder has no wave_info.csv)') as provenance,
    info.raw_is_synthetic,
    -- fieldwork window the submission dates were checked against (null: not declared)
    info.fieldwork_start,
    info.fieldwork_end,
    -- sampling design and frame, in words (null: not declared); trends flag a change as a break in series
    info.sampling_design,
    info.frame_source,
    -- fieldwork totals
    funnel.sampled,
    funnel.reached,
    funnel.received,
    funnel.excluded,
    funnel.quarantined,
    funnel.usable
from funnel
left join info on funnel.wave = info.wave
