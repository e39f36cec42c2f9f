-- Response rule: a follow-up (codebook condition_item) is answered only when the answer to its
-- condition opens it, e.g. a cost reduction % only by firms that reduced costs.
select
    answers.wave,
    answers.respondent_key,
    answers.item,
    'respondent ' || answers.respondent_key || ' answered ' || answers.item || ' although '
    || items.condition_item || ' = ' || coalesce(condition.answer_value::varchar, 'no answer') as failure
from {{ ref('int_respondent_answers') }} as answers
inner join {{ ref('int_codebook_wave_items') }} as items on answers.wave = items.wave and answers.item = items.item
left join {{ ref('int_respondent_answers') }} as condition
    on
        answers.wave = condition.wave
        and answers.respondent_key = condition.respondent_key
        and items.condition_item = condition.item
where
    coalesce(items.condition_item, '') != ''
    and not coalesce(
        list_contains(string_split(items.condition_codes, '|'), condition.answer_value::integer::varchar), false
    )
