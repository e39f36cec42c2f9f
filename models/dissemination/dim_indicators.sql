-- The code list of indicators, with what an analyst needs to read one: its section, the question it
-- comes from (the baseline codebook's wording, or for an item a wave added the wording it was added
-- with; fct_indicator_comparability says where a wave changed it), the statistic and unit, what it
-- counts, its base and the populations it is estimated for.
with

added as (
    -- an item a wave added: its entry in the first wave that asked it
    select
        item,
        question_nl,
        question_en,
        option_set,
        row_number() over (partition by item order by wave) as first_asked
    from {{ ref('int_codebook_wave_items') }}
)

select
    indicators.indicator,
    indicators.sort_order,
    indicators.section,
    sections.sort_order as section_sort_order,
    sections.label_nl as section_label_nl,
    sections.label_en as section_label_en,
    indicators.label_nl,
    indicators.label_en,
    indicators.item,
    coalesce(items.question_nl, added.question_nl) as question_nl,
    coalesce(items.question_en, added.question_en) as question_en,
    coalesce(items.option_set, added.option_set) as option_set,
    indicators.statistic,
    statistic_units.unit,
    statistic_units.unit_label_nl,
    statistic_units.unit_label_en,
    indicators.counted_codes,
    indicators.condition_item,
    indicators.condition_codes,
    indicators.base_condition_nl,
    indicators.base_condition_en,
    sections.populations
from {{ ref('indicators') }} as indicators
inner join {{ ref('sections') }} as sections
    on indicators.section = sections.section
inner join {{ ref('statistics') }} as statistic_units
    on indicators.statistic = statistic_units.statistic
left join {{ ref('codebook_items') }} as items
    on indicators.item = items.item
left join added
    on indicators.item = added.item and added.first_asked = 1
