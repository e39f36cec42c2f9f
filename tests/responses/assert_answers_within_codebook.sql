-- Response rule, checked again after the quarantine: every answer of an accepted response belongs to
-- an item of its wave's codebook, coded answers use the item's option set and percentages lie within
-- 0-100. A failure here means int_response_rule_violations let a bad answer through.
with

answers as (
    select answers.*
    from {{ ref('stg_survey__answers') }} as answers
    inner join {{ ref('int_responses_classified') }} as accepted
        on answers.wave = accepted.wave and answers.source_line = accepted.source_line
),

items as (
    select * from {{ ref('int_codebook_wave_items') }}
),

options as (
    select * from {{ ref('codebook_options') }}
),

checked as (
    select
        answers.wave,
        answers.response_id,
        answers.item,
        answers.raw_answer,
        case
            when items.item is null then 'column not in the codebook'
            when answers.answer_value is null then 'not a number'
            when items.item_type = 'percentage' and answers.answer_value not between 0 and 100
                then 'percentage outside 0-100'
            when
                items.option_set is not null and options.code is null
                then 'code not in option set ' || items.option_set
        end as problem
    from answers
    left join items on answers.wave = items.wave and answers.item = items.item
    left join options
        on items.option_set = options.option_set and answers.answer_value = options.code
)

select
    *,
    'responses.csv wave ' || wave || ' response ' || response_id || ' item ' || item || ': '
    || problem || ' (value ' || raw_answer || ')' as failure
from checked
where problem is not null
