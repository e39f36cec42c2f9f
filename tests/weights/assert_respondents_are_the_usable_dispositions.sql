-- No respondent silently loses its weight: fct_respondents holds exactly the usable dispositions, each
-- once, with a design weight. A usable response whose stratum has no frame row (or whose weight could
-- not be computed) would otherwise drop out of every estimate while still counted as usable.
with

usable as (
    select
        wave,
        response_key,
        nace_group,
        size_class
    from {{ ref('fct_response_dispositions') }}
    where disposition = 'usable'
),

respondents as (
    select
        wave,
        respondent_key,
        design_weight
    from {{ ref('fct_respondents') }}
)

select
    coalesce(usable.wave, respondents.wave) as wave,
    coalesce(usable.response_key, respondents.respondent_key) as response_key,
    case
        when respondents.respondent_key is null
            then
                'usable response ' || usable.response_key || ' (stratum ' || usable.nace_group || ' x '
                || usable.size_class || ') is missing from fct_respondents: its stratum has no frame row or no weight'
        when usable.response_key is null
            then 'fct_respondents holds ' || respondents.respondent_key || ', which is not a usable disposition'
        else 'respondent ' || respondents.respondent_key || ' has no design weight'
    end as failure
from usable
full outer join respondents
    on usable.wave = respondents.wave and usable.response_key = respondents.respondent_key
where usable.response_key is null or respondents.respondent_key is null or respondents.design_weight is null
