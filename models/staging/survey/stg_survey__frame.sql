-- The sampling frame's population counts per wave x stratum. The wave comes from the partition folder.
with

source as (
    select * from {{ source('survey', 'frame') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        nace_group,
        size_class,
        -- counts
        population_firms::integer as population_firms
    from source
)

select * from renamed
