-- Response rule: a usable response answers at least one AI question (report exclusion rule c).
select
    dispositions.response_key,
    'usable response ' || dispositions.response_key || ' answered no AI question' as failure
from {{ ref('fct_response_dispositions') }} as dispositions
inner join {{ ref('int_responses_classified') }} as classified
    on dispositions.response_key = classified.wave || ':' || classified.response_id
where dispositions.disposition = 'usable' and classified.ai_questions_answered = 0
