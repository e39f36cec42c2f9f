-- depends_on: {{ ref('populations') }} {{ ref('codebook_items') }} {{ ref('item_types') }}
-- depends_on: {{ ref('indicators') }} {{ ref('int_codebook_wave_items') }}
-- One pass over the respondents: per wave x stratum, for every indicator of the definitions seed and
-- every population, the respondents with a valid answer (n), the sum of their scores y (s) and of its
-- squares (q), and the respondents the item was put to who left it empty (m: item non-response; asked
-- as the wave's codebook routes the item, asked_of and condition, and meeting the indicator's condition).
-- Generated from seeds/questionnaire/indicators.csv (item, counted codes, condition): y is
-- 1/0 for a share (the answer is one of the counted codes) and the reported % for a mean; a respondent
-- counts when the item is answered and, for a follow-up, the condition item holds one of the condition
-- codes. Each respondent's x and y are computed once per indicator, then plain sums (no FILTER clause:
-- a filter per aggregate made 1,035 predicate evaluations per row) split by adopter status, which is
-- 0/1: a non-adopter adds exactly 0 to the adopters' sums. Columns are n_<k>_<population>,
-- s_<k>_<population>, q_<k>_<population>, m_<k>_<population> for the k-th indicator in sort order;
-- int_indicator_stratum_sums turns them into rows.
{%- set terms = indicator_terms() %}
{%- set population_weights = population_weights() %}
-- noqa: disable=LT02
-- (sqlfluff renders the loops below empty, on a database without seeds, and misjudges their indent)
with

respondents as (
    select * from {{ wave_ref('fct_respondents') }}
),

scores as (
    select
        wave,
        nace_group,
        size_class,
        is_adopter::integer as adopter
        {%- for term in terms %},
        case when {{ term.observed }} then 1 else 0 end as x_{{ loop.index }},
        case when {{ term.observed }} then {{ term.score }} end as y_{{ loop.index }},
        case when {{ term.skipped }} then 1 else 0 end as m_{{ loop.index }}
        {%- endfor %}
    from respondents
)

select
    wave,
    nace_group,
    size_class
    {%- for term in terms %}
        {%- set k = loop.index %}
        {%- for population, weight in population_weights.items() %},
    sum(x_{{ k }} * {{ weight }})::bigint as n_{{ k }}_{{ population }},
    sum(y_{{ k }} * {{ weight }}) as s_{{ k }}_{{ population }},
    sum(y_{{ k }} * y_{{ k }} * {{ weight }}) as q_{{ k }}_{{ population }},
    sum(m_{{ k }} * {{ weight }})::bigint as m_{{ k }}_{{ population }}
        {%- endfor %}
    {%- endfor %}
from scores
group by wave, nace_group, size_class
