-- Tables 1 and 2 of the report, one row per wave x stratum (NACE group x size class).
with

source as (
    select * from {{ ref('ref_frame_strata') }}
),

renamed as (
    select
        -- keys
        wave,
        nace_group,
        size_class,
        -- counts as printed in the cells
        population_firms,
        sampled_firms,
        usable_responses
    from source
)

select * from renamed
