-- Response rule: questions asked of adopters only (codebook asked_of = 'adopters') carry no answer
-- from a firm that uses no AI technology.
select
    answers.wave,
    answers.respondent_key,
    answers.item,
    'respondent ' || answers.respondent_key || ' uses no AI technology but answered adopter-only item '
    || answers.item as failure
from {{ ref('int_respondent_answers') }} as answers
inner join {{ ref('int_codebook_wave_items') }} as items on answers.wave = items.wave and answers.item = items.item
inner join {{ ref('int_respondents_weighted') }} as respondents
    on answers.wave = respondents.wave and answers.respondent_key = respondents.respondent_key
where items.asked_of = 'adopters' and not respondents.is_adopter
