-- Questionnaire answers in long form, one row per response x answered item. Every column of the
-- export other than the profile is an item: new items of a later wave arrive without SQL edits and
-- are checked against the codebook downstream. Empty cells (no answer) produce no row.
with

source as (
    select * from {{ source('survey', 'responses') }}
),

answers as (
    unpivot source
    on columns(* exclude (
        filename, wave, response_id, invitation_id, submitted_at, enterprise_number, employees, nace_code
    ))
    into name item value raw_answer
)

select
    -- keys
    regexp_extract(filename, 'wave=([0-9]+)', 1)::integer as wave,
    response_id,
    item,
    -- values
    raw_answer,
    try_cast(raw_answer as double) as answer_value
from answers
