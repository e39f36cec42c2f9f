-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }} {{ ref('int_codebook_wave_items') }}
-- depends_on: {{ ref('populations') }}
-- Item response per wave x questionnaire item, among the usable respondents the wave's codebook puts the
-- item to (its asked_of population and condition: item_routing, as the estimates' item non-response
-- counts it): asked, answered, and the item response rate, unweighted and with the report's weights
-- (Eurostat's item response rate, QPI A7). Items a wave does not ask have no row for that wave.
{%- set routing = item_routing() %}
{%- set items = respondent_items() | map(attribute='item') | select('in', routing) | list %}
-- noqa: disable=LT02,ST03
-- (sqlfluff renders the loop below empty, on a database without seeds: no indent to judge, respondents unread)
with

respondents as (
    select
        *,
        cast(is_adopter as integer) as adopter
    from {{ wave_ref('fct_respondents') }}
),

counts as (
    {%- for item in items %}
        select
            wave,
            '{{ item }}' as item,
            sum(case when {{ routing[item] }} then 1 else 0 end) as asked,
            sum(case when ({{ routing[item] }}) and {{ item }} is not null then 1 else 0 end) as answered,
            sum(case when {{ routing[item] }} then design_weight else 0 end) as weighted_asked,
            sum(case when ({{ routing[item] }}) and {{ item }} is not null then design_weight else 0 end)
                as weighted_answered
        from respondents
        group by wave
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if not items %}
        select
            cast(null as integer) as wave,
            cast(null as string) as item,
            0 as asked,
            0 as answered,
            cast(0 as double) as weighted_asked,
            cast(0 as double) as weighted_answered
        where false
    {%- endif %}
)

select
    counts.wave,
    counts.item,
    items.section,
    cast(counts.asked as bigint) as asked,
    cast(counts.answered as bigint) as answered,
    cast(counts.asked - counts.answered as bigint) as item_nonrespondents,
    -- doubles on both engines (Spark would keep a decimal literal's type)
    100 * cast(counts.answered as double) / counts.asked as item_response_rate,
    -- exactly 100 (or 0) when every (no) respondent answered: sums of the same weights in another order
    -- could otherwise land a rounding error beyond the bound
    case
        when counts.answered = counts.asked then cast(100 as double)
        when counts.answered = 0 then cast(0 as double)
        else 100 * counts.weighted_answered / counts.weighted_asked
    end as item_response_rate_weighted,
    items.question_nl,
    items.question_en
from counts
inner join {{ ref('int_codebook_wave_items') }} as items
    on counts.wave = items.wave and counts.item = items.item
where counts.asked > 0
