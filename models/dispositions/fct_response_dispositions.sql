-- One disposition per received response (report, section 2.3). Rules apply in this order and the first
-- that holds names the exclusion:
--   1. fewer_than_5_employees   the firm reports fewer than 5 employees (or none)
--   2. sector_out_of_scope      its main activity is in none of the nine NACE groups
--   3. no_ai_question_answered  it answered no question about AI
--   4. duplicate                an earlier response passing 1-3 exists for the same enterprise (as the
--                               respondent identified it, which may differ from the one invited)
-- Duplicates are judged among responses that pass 1-3, so an abandoned first attempt does not
-- exclude a complete second one. A usable response's stratum follows its own answers.
with

classified as (
    select * from {{ wave_ref('int_responses_classified') }}
),

ruled as (
    select
        *,
        case
            when employees is null or employees < 5 then 'fewer_than_5_employees'
            when reported_nace_group is null then 'sector_out_of_scope'
            when ai_questions_answered = 0 then 'no_ai_question_answered'
        end as exclusion_rule
    from classified
),

ranked as (
    select
        *,
        row_number() over (
            partition by wave, firm_key, exclusion_rule is null
            order by submitted_at, response_id
        ) as attempt
    from ruled
)

select
    wave,
    wave || ':' || response_id as response_key,
    case
        when exclusion_rule is not null then exclusion_rule
        when attempt > 1 then 'duplicate'
        else 'usable'
    end as disposition,
    case when exclusion_rule is null and attempt = 1 then reported_nace_group end as nace_group,
    case when exclusion_rule is null and attempt = 1 then reported_size_class end as size_class
from ranked
