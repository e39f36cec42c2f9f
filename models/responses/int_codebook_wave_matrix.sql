-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }}
-- The codebook as each wave asked it, one row per wave with a column set per item column of the landed
-- responses: <item>__asked (the wave's codebook has the item), <item>__item_type, <item>__option_set and
-- <item>__is_ai. The wide form of int_codebook_wave_items, so that the answer checks and the count of AI
-- questions read a response's answers where they are, one column each, without a respondent x item
-- table.
-- noqa: disable=LT02,LT09
-- (sqlfluff lints this file with its item loops rendered empty, no landing being read, and misjudges the
-- indent of the Jinja around them)
{%- set items = survey_item_columns() %}
select
    waves.wave
    {%- for item in items %},
    coalesce(bool_or(codebook.item = '{{ item }}'), false) as {{ adapter.quote(item ~ '__asked') }},
    max(case when codebook.item = '{{ item }}' then codebook.item_type end) as {{ adapter.quote(item ~ '__item_type') }},
    max(case when codebook.item = '{{ item }}' then codebook.option_set end) as {{ adapter.quote(item ~ '__option_set') }},
    coalesce(bool_or(codebook.item = '{{ item }}' and codebook.is_ai_question), false) as {{ adapter.quote(item ~ '__is_ai') }}
    {%- endfor %}
from (select distinct wave from {{ wave_ref('stg_survey__frame') }}) as waves
left join {{ wave_ref('int_codebook_wave_items') }} as codebook
    on waves.wave = codebook.wave
group by waves.wave
