-- Codebook changes a wave declares relative to the wave before: items added, dropped or reworded.
with

source as (
    select * from {{ source('survey', 'codebook_changes') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        trim(item) as item,
        lower(trim(change)) as change_type,
        -- the item's codebook entry as of this wave (empty for a dropped item)
        nullif(section, '') as section,
        nullif(item_type, '') as item_type,
        nullif(option_set, '') as option_set,
        nullif(asked_of, '') as asked_of,
        nullif(condition_item, '') as condition_item,
        nullif(condition_codes, '') as condition_codes,
        try_cast(is_ai_question as boolean) as is_ai_question,
        nullif(eurostat_code, '') as eurostat_code,
        nullif(question_nl, '') as question_nl,
        nullif(question_en, '') as question_en,
        -- lineage
        source_file,
        source_line::integer as source_line,
        source_line_end::integer as source_line_end
    from source
)

select * from renamed
