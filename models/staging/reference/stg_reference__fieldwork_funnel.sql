-- Section 2.3's fieldwork funnel, one row per wave x step.
with

source as (
    select * from {{ ref('ref_fieldwork_funnel') }}
),

renamed as (
    select
        -- keys
        wave,
        step,
        -- values
        value as printed_value,
        note
    from source
)

select * from renamed
