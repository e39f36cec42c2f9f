-- depends_on: {{ ref('stg_survey__response_items') }} {{ ref('int_codebook_wave_matrix') }}
-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }}
-- Every received response that breaks no response rule (the others are quarantined), with what the
-- report's exclusion rules need: the size class and NACE group its own answers give, and how many AI
-- questions it answered. Quarantining duplicate ids first makes (wave, response_id) a key from here on.
with

responses as (
    select * from {{ wave_ref('stg_survey__responses') }} as received
    where not exists (
        select 1 from {{ wave_ref('int_response_rule_violations') }} as violations
        where violations.wave = received.wave and violations.source_line = received.source_line
    )
),

{# AI questions answered: per item column, answered and an AI question in the wave's codebook #}
{%- set items = survey_item_columns() %}
ai_answers as (
    select
        answers.wave,
        answers.source_line,
        {{ count_of(items, 'answers.' ~ adapter.quote('{c}') ~ ' is not null and codebook.'
                    ~ adapter.quote('{c}__is_ai')) }} as ai_questions_answered
    from {{ wave_ref('stg_survey__response_items') }} as answers
    inner join {{ wave_ref('int_codebook_wave_matrix') }} as codebook
        on answers.wave = codebook.wave
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
    responses.wave || ':' || responses.response_id as response_key,
    responses.invitation_id,
    responses.firm_key,
    responses.submitted_at,
    -- lineage
    responses.source_file,
    responses.source_line,
    -- profile as answered
    responses.employees::integer as employees,
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
    on responses.wave = ai_answers.wave and responses.source_line = ai_answers.source_line
