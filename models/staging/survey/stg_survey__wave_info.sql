-- Where each wave comes from, as its folder's wave_info.csv declares it: synthetic or not, and a
-- sentence of provenance. Optional: a wave without the file has no row here.
with

source as (
    select * from {{ source('survey', 'wave_info') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        -- provenance
        try_cast(trim(is_synthetic) as boolean) as is_synthetic,
        nullif(trim(provenance), '') as provenance,
        -- lineage and the raw text, for the check in dim_waves
        is_synthetic as raw_is_synthetic,
        source_file,
        source_line::integer as source_line
    from source
)

select * from renamed
