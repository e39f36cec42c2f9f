-- Whether each indicator can be trended between two loaded waves, one row per indicator x pair of
-- waves. An indicator is comparable when every item it is built from (its item, its condition item and,
-- for derived items, their components) is asked in both waves with the same wording (same
-- wording_wave in int_codebook_wave_items), unless the harmonisation seed judges an item otherwise: for
-- every indicator built from it, or (its indicator column set) for that indicator only, which wins.
with

items as (
    select * from {{ ref('int_codebook_wave_items') }}
),

pairs as (
    select distinct
        earlier.wave as base_wave,
        later.wave
    from items as earlier
    inner join items as later on earlier.wave < later.wave
),

used_items as (
    select
        indicator,
        item
    from {{ ref('indicators') }}
    union
    select
        indicator,
        condition_item as item
    from {{ ref('indicators') }}
    where condition_item is not null
),

indicator_items as (
    -- derived items stand for their components (seed derived_items), as fct_respondents derives them
    select distinct
        used_items.indicator,
        coalesce(components.item, used_items.item) as item
    from used_items
    left join {{ ref('derived_items') }} as derived
        on used_items.item = derived.item
    left join {{ ref('codebook_items') }} as components
        on
            derived.component_option_set = components.option_set
            or derived.component_item = components.item
),

item_pairs as (
    select
        indicator_items.indicator,
        indicator_items.item,
        pairs.base_wave,
        pairs.wave,
        coalesce(
            for_indicator.comparable,
            for_item.comparable,
            earlier.wording_wave is not distinct from later.wording_wave and earlier.item is not null
        ) as comparable,
        coalesce(
            for_indicator.note,
            for_item.note,
            case
                when earlier.item is null then 'not asked in ' || pairs.base_wave
                when later.item is null then 'not asked in ' || pairs.wave
                when earlier.wording_wave != later.wording_wave then 'reworded in ' || later.wording_wave
            end
        ) as note
    from indicator_items
    cross join pairs
    left join items as earlier
        on pairs.base_wave = earlier.wave and indicator_items.item = earlier.item
    left join items as later
        on pairs.wave = later.wave and indicator_items.item = later.item
    left join {{ ref('item_harmonisation') }} as for_item
        on
            indicator_items.item = for_item.item
            and pairs.base_wave = for_item.base_wave
            and pairs.wave = for_item.wave
            and for_item.indicator is null
    left join {{ ref('item_harmonisation') }} as for_indicator
        on
            indicator_items.item = for_indicator.item
            and indicator_items.indicator = for_indicator.indicator
            and pairs.base_wave = for_indicator.base_wave
            and pairs.wave = for_indicator.wave
    -- derived items are not in the codebook per wave: their components stand for them
    where indicator_items.item not in (select derived_items.item from {{ ref('derived_items') }} as derived_items)
)

select
    indicator,
    base_wave,
    wave,
    bool_and(comparable) as is_comparable,
    {{ ordered_string_agg("case when not comparable then item || ': ' || coalesce(note, 'judged not comparable') end",
                          "'; '", 'item') }} as not_comparable_because
from item_pairs
group by indicator, base_wave, wave
