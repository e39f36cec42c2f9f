-- Questionnaire answers in long form, one row per received response x answered item. Every column of
-- the export other than the profile and lineage is an item: new items of a later wave arrive without
-- SQL edits and are checked against that wave's codebook downstream. Empty cells (no answer) produce no
-- row.
with

source as (
    select * from {{ source('survey', 'responses') }}
),

answers as (
    unpivot source
    on columns(* exclude (
        wave, declared_wave, source_file, source_line, source_line_end, response_id, invitation_id, submitted_at,
        enterprise_number, employees, nace_code
    ))
    into name item value raw_answer
)

select
    -- keys
    wave::integer as wave,
    response_id,
    source_line::integer as source_line,
    item,
    -- values
    raw_answer,
    try_cast(raw_answer as double) as answer_value
from answers
