-- The codebook as each wave asked it, one row per wave x item: the baseline codebook (seed
-- codebook_items) with the changes every wave up to this one declared in its codebook_changes.csv.
-- An item's wording_wave is the wave its current wording dates from: two waves ask an item the same way
-- when they share it (int_item_comparability).
with

waves as (
    select distinct wave from {{ wave_ref('stg_survey__frame') }}
),

baseline as (
    select
        waves.wave,
        items.*,
        -- the baseline codebook is the first wave's, whichever waves this run loads
        (select min(all_waves.wave) from {{ ref('stg_survey__frame') }} as all_waves) as wording_wave
    from waves
    cross join {{ ref('codebook_items') }} as items
),

changes as (
    select
        waves.wave,
        changes.item,
        changes.change_type,
        changes.section,
        changes.item_type,
        changes.option_set,
        changes.asked_of,
        changes.condition_item,
        changes.condition_codes,
        changes.is_ai_question,
        changes.eurostat_code,
        changes.question_nl,
        changes.question_en,
        changes.source_line,
        changes.wave as changed_in_wave,
        row_number() over (partition by waves.wave, changes.item order by changes.wave desc) as recency
    from waves
    inner join {{ ref('stg_survey__codebook_changes') }} as changes
        on waves.wave >= changes.wave
),

latest_changes as (
    select * from changes
    where recency = 1
)

select
    -- keys
    coalesce(baseline.wave, latest_changes.wave) as wave,
    coalesce(baseline.item, latest_changes.item) as item,
    -- codebook entry: a change's own value where it gives one, else the baseline's
    coalesce(baseline.sort_order, 1000 + latest_changes.source_line) as sort_order,
    coalesce(latest_changes.section, baseline.section) as section,
    coalesce(latest_changes.item_type, baseline.item_type) as item_type,
    coalesce(latest_changes.option_set, baseline.option_set) as option_set,
    coalesce(latest_changes.asked_of, baseline.asked_of) as asked_of,
    coalesce(latest_changes.condition_item, baseline.condition_item) as condition_item,
    coalesce(latest_changes.condition_codes, baseline.condition_codes) as condition_codes,
    coalesce(latest_changes.is_ai_question, baseline.is_ai_question, false) as is_ai_question,
    coalesce(latest_changes.eurostat_code, baseline.eurostat_code) as eurostat_code,
    coalesce(latest_changes.question_nl, baseline.question_nl) as question_nl,
    coalesce(latest_changes.question_en, baseline.question_en) as question_en,
    -- versioning
    coalesce(latest_changes.change_type, 'baseline') as last_change,
    coalesce(latest_changes.changed_in_wave, baseline.wording_wave) as wording_wave
from baseline
full outer join latest_changes
    on baseline.wave = latest_changes.wave and baseline.item = latest_changes.item
where latest_changes.change_type is distinct from 'dropped'
