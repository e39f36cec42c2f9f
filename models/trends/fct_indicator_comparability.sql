-- Whether each indicator can be trended between two loaded waves, one row per indicator x pair of
-- waves. An indicator is comparable when every item it is built from (its item, its condition item and,
-- for derived items, their components) is asked in both waves with the same wording (same
-- wording_wave in int_codebook_wave_items), unless the harmonisation seed judges an item otherwise: for
-- every indicator built from it, or (its indicator column set) for that indicator only, which wins.
-- A comparable pair is a break in series when a judgement overrides a changed or added item (wording), or
-- when the two waves' sampling design or frame differ as their wave_info.csv declare them.
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

item_option_sets as (
    -- any wave's items: a technology a wave adds is a component of "uses at least one AI technology"
    select distinct
        item,
        option_set
    from items
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
    left join item_option_sets as components
        on
            derived.component_option_set = components.option_set
            or derived.component_item = components.item
),

waves as (
    select * from {{ ref('dim_waves') }}
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
        -- the wording rule's own verdict, which a judgement may override (a break in series when it does)
        coalesce(earlier.wording_wave = later.wording_wave, false) as same_wording,
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
    -- derived items are not in the codebook per wave: their components stand for them; a component asked
    -- in neither wave of the pair (a technology a later wave adds) does not concern it
    where
        indicator_items.item not in (select derived_items.item from {{ ref('derived_items') }} as derived_items)
        and (earlier.item is not null or later.item is not null)
),

judged as (
    select
        indicator,
        base_wave,
        wave,
        bool_and(comparable) as is_comparable,
        bool_or(comparable and not same_wording) as wording_judged,
        {{ ordered_string_agg("case when not comparable then item || ': ' || coalesce(note, 'judged not "
                              ~ "comparable') end", "'; '", 'item') }} as not_comparable_because,
        {{ ordered_string_agg("case when comparable and not same_wording then item || ': ' || coalesce(note, 'judged "
                              ~ "comparable') end", "'; '", 'item') }} as wording_because
    from item_pairs
    group by indicator, base_wave, wave
)

select
    judged.indicator,
    judged.base_wave,
    judged.wave,
    judged.is_comparable,
    judged.not_comparable_because,
    -- a break in series: comparable by judgement across a changed item, or another design or frame
    judged.is_comparable and (
        judged.wording_judged
        or coalesce(earlier.sampling_design != later.sampling_design, false)
        or coalesce(earlier.frame_source != later.frame_source, false)
    ) as is_break_in_series,
    case
        when judged.is_comparable
            then nullif(concat_ws(
                '; ',
                case when judged.wording_judged then 'wording: ' || judged.wording_because end,
                case
                    when earlier.sampling_design != later.sampling_design then
                        'sampling design: '
                        || earlier.sampling_design || ' -> ' || later.sampling_design
                end,
                case
                    when earlier.frame_source != later.frame_source then
                        'frame: ' || earlier.frame_source
                        || ' -> ' || later.frame_source
                end
            ), '')
    end as break_in_series_because
from judged
left join waves as earlier on judged.base_wave = earlier.wave
left join waves as later on judged.wave = later.wave
