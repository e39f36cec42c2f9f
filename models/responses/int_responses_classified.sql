-- Every received response with what the report's exclusion rules need: the size class and NACE group
-- its own answers give, and how many AI questions it answered.
with

responses as (
    select * from {{ ref('stg_survey__responses') }}
),

ai_answers as (
    select
        answers.wave,
        answers.response_id,
        count(*) as ai_questions_answered
    from {{ ref('stg_survey__answers') }} as answers
    inner join {{ ref('codebook_items') }} as items
        on answers.item = items.item
    where items.is_ai_question
    group by answers.wave, answers.response_id
),

nace_codes as (
    select * from {{ ref('nace_group_codes') }}
),

size_classes as (
    select * from {{ ref('size_classes') }}
)

select
    -- keys
    responses.wave,
    responses.response_id,
    responses.invitation_id,
    responses.firm_key,
    responses.submitted_at,
    -- profile as answered
    responses.employees,
    responses.nace_code,
    nace_codes.nace_group as reported_nace_group,
    size_classes.size_class as reported_size_class,
    coalesce(ai_answers.ai_questions_answered, 0) as ai_questions_answered
from responses
left join nace_codes
    on left(responses.nace_code, length(nace_codes.code_from)) between nace_codes.code_from and nace_codes.code_to
left join size_classes
    on responses.employees between size_classes.employees_min and coalesce(size_classes.employees_max, 2147483647)
left join ai_answers
    on responses.wave = ai_answers.wave and responses.response_id = ai_answers.response_id
