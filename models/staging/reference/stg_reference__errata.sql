-- The report's own misprints, with the value its cells imply and why.
with

source as (
    select * from {{ ref('ref_errata') }}
),

renamed as (
    select
        -- keys
        wave,
        report_table,
        count_kind,
        margin,
        margin_value,
        -- values
        printed_value,
        corrected_value,
        reason
    from source
)

select * from renamed
