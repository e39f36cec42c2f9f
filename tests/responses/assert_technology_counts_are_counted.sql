-- The adoption indicators count technologies by code (seed indicators: uses_any_ai counts 1, 2, ... of
-- n_technologies_used): a wave whose technology items let a respondent use more technologies than the
-- highest code counted would drop that respondent from "uses at least one AI technology" unseen. Every
-- adopter's number of technologies must be a code uses_any_ai counts.
with

counted as (
    select counted_codes from {{ ref('indicators') }}
    where indicator = 'uses_any_ai'
)

select
    respondents.wave,
    respondents.respondent_key,
    'wave ' || respondents.wave || ': a respondent uses ' || respondents.n_technologies_used
    || ' technologies, which uses_any_ai does not count (seed indicators, counted_codes '
    || counted.counted_codes || '): extend the codes' as failure
from {{ ref('fct_respondents') }} as respondents
cross join counted
where
    respondents.is_adopter
    and '|' || counted.counted_codes || '|' not like '%|' || cast(respondents.n_technologies_used as string) || '|%'
