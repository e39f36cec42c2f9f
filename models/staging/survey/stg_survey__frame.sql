-- The sampling frame's population counts per wave x stratum. The wave comes from the partition folder;
-- the intake has checked every row (known stratum, whole population, no stratum twice) before dbt runs.
with

source as (
    select * from {{ source('survey', 'frame') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        trim(nace_group) as nace_group,
        trim(size_class) as size_class,
        -- counts
        population_firms::integer as population_firms,
        -- lineage
        source_file,
        source_line::integer as source_line,
        source_line_end::integer as source_line_end
    from source
)

select * from renamed
