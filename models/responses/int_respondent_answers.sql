-- Answers of usable respondents in long form, plus the items derived from them (codebook item_type
-- 'derived'): the number of AI technologies used, adoption status (adopter / non-adopter with plans /
-- without plans) and whether commercial or open-source software was adapted in-house.
with

usable as (
    select * from {{ wave_ref('fct_response_dispositions') }}
    where disposition = 'usable'
),

answers as (
    select
        usable.wave,
        usable.response_key as respondent_key,
        answers.item,
        answers.answer_value
    from {{ wave_ref('stg_survey__answers') }} as answers
    inner join {{ wave_ref('int_responses_classified') }} as accepted
        on answers.wave = accepted.wave and answers.source_line = accepted.source_line
    inner join usable
        on accepted.response_key = usable.response_key
),

items as (
    select * from {{ wave_ref('int_codebook_wave_items') }}
),

technologies as (
    -- the technology items are those answered on the uses / plans / no plans scale
    select
        answers.wave,
        answers.respondent_key,
        count(*) filter (where answers.answer_value = 1) as n_used,
        count(*) filter (where answers.answer_value = 2) as n_planned
    from answers
    inner join items on answers.wave = items.wave and answers.item = items.item
    where items.option_set = 'use_plans'
    group by answers.wave, answers.respondent_key
),

adapted as (
    select
        wave,
        respondent_key,
        max(case when answer_value = 1 then 1 else 0 end) as adapted_any
    from answers
    where item in ('source_commercial_adapted_in_house', 'source_open_source_adapted_in_house')
    group by wave, respondent_key
)

select
    wave,
    respondent_key,
    item,
    answer_value
from answers
union all
select
    wave,
    respondent_key,
    'n_technologies_used' as item,
    n_used as answer_value
from technologies
union all
select
    wave,
    respondent_key,
    'adoption_status' as item,
    case when n_used > 0 then 1 when n_planned > 0 then 2 else 3 end as answer_value
from technologies
union all
select
    wave,
    respondent_key,
    'source_adapted_any' as item,
    adapted_any as answer_value
from adapted
