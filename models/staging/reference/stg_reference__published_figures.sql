-- Every figure the report prints. Most are numbers; a few are printed only in words
-- ('<10', '~40'), kept as text in printed_text with the bound they imply.
with

source as (
    select * from {{ ref('ref_published_figures') }}
),

renamed as (
    select
        -- keys
        wave,
        section,
        indicator,
        population,
        breakdown,
        -- the report's 'all' is the total member every table codes as TOTAL
        {{ coded_breakdown_value('breakdown', 'breakdown_value') }} as breakdown_value,
        statistic,
        -- provenance
        report_source,
        how as derivation,
        note,
        -- values
        value as printed_text,
        try_cast(value as double) as printed_value,
        case
            when value like '<%' then 'below'
            when value like '~%' then 'approximately'
            else 'exact'
        end as comparison,
        try_cast(regexp_replace(value, '^[<~]', '') as double) as printed_bound,
        printed_decimals,
        printed_base_n
    from source
)

select * from renamed
