-- Row, column and grand totals exactly as the report prints them (errata included).
with

source as (
    select * from {{ ref('ref_printed_totals') }}
),

renamed as (
    select
        -- keys
        wave,
        report_table,
        count_kind,
        margin,
        margin_value,
        -- counts
        printed_total
    from source
)

select * from renamed
