-- depends_on: {{ ref('populations') }} {{ ref('codebook_items') }} {{ ref('item_types') }}
-- depends_on: {{ ref('indicators') }} {{ ref('int_codebook_wave_items') }}
-- depends_on: {{ ref('int_indicator_stratum_moments') }} (not read: it orders the two widest aggregations of
-- the build one after the other; run side by side on two threads they exceeded DuckDB's 1.5 GB cap, measured)
-- The firms two waves share: per pair of waves x stratum x indicator x population, the usable
-- respondents of both waves that are the same firm (the pseudonymous firm_key) in the same stratum in
-- both (linked_respondents: all of them, whatever the indicator), and over them the sums of each wave's
-- x and y (x = 1 when the firm counts in the estimate's base, y its score; int_indicator_stratum_moments'
-- terms) and of their cross products. fct_indicator_trends estimates the covariance of the two waves'
-- estimates from these (docs/trends.md). A firm that changed stratum between the waves is not linked:
-- its contribution to the covariance is taken as 0. Only the linked respondents' rows are unpivoted, so
-- waves that share no firm cost a join and nothing more.
{%- set terms = indicator_terms() %}
{%- set earlier_weights = population_weights('adopter_1') %}
{%- set later_weights = population_weights('adopter_2') %}
-- noqa: disable=LT02
with

respondents as (
    select * from {{ ref('fct_respondents') }}
),

loaded as (
    select distinct wave from {{ wave_ref('dim_strata') }}
),

waves as (
    select distinct wave from respondents
),

pairs as (
    select
        earlier.wave as base_wave,
        later.wave
    from waves as earlier
    inner join waves as later on earlier.wave < later.wave
    where earlier.wave in (select loaded.wave from loaded) or later.wave in (select loaded.wave from loaded)
),

linked as (
    select
        pairs.base_wave,
        pairs.wave,
        earlier.respondent_key as earlier_key,
        later.respondent_key as later_key,
        later.nace_group,
        later.size_class
    from pairs
    inner join respondents as earlier on pairs.base_wave = earlier.wave
    inner join respondents as later
        on
            pairs.wave = later.wave
            and earlier.firm_key = later.firm_key
            and earlier.nace_group = later.nace_group
            and earlier.size_class = later.size_class
),

scores as (
    select
        respondent_key,
        is_adopter::integer as adopter
        {%- for term in terms %},
        case when {{ term.observed }} then 1 else 0 end as x_{{ loop.index }},
        case when {{ term.observed }} then {{ term.score }} else 0 end as y_{{ loop.index }}
        {%- endfor %}
    from respondents
    where
        respondent_key in (select linked.earlier_key from linked)
        or respondent_key in (select linked.later_key from linked)
),

long_scores as (
    {{ unpivot_scores('scores', terms | length) }}  -- noqa: PRS
),

joined as (
    select
        linked.base_wave,
        linked.wave,
        linked.nace_group,
        linked.size_class,
        earlier.k,
        earlier.adopter as adopter_1,
        later.adopter as adopter_2,
        earlier.x as x1,
        earlier.y as y1,
        later.x as x2,
        later.y as y2
    from linked
    inner join long_scores as earlier on linked.earlier_key = earlier.respondent_key
    inner join long_scores as later on linked.later_key = later.respondent_key and earlier.k = later.k
),

linked_counts as (
    select
        base_wave,
        wave,
        nace_group,
        size_class,
        count(*) as linked_respondents
    from linked
    group by base_wave, wave, nace_group, size_class
),

sums as (
    {%- if not earlier_weights %}
    -- no populations yet (parsing, linting): no rows
    select
        base_wave,
        wave,
        nace_group,
        size_class,
        k,
        null::string as population,
        x1 as earlier_x,
        y1 as earlier_y,
        x2 as later_x,
        y2 as later_y,
        y1 as sum_yy,
        y1 as sum_yx,
        x1 as sum_xy,
        x1 as sum_xx
    from joined
    where false
    {%- endif %}
    {%- for population in earlier_weights %}
        {%- set w1, w2 = earlier_weights[population], later_weights[population] %}
    select
        base_wave,
        wave,
        nace_group,
        size_class,
        k,
        '{{ population }}' as population,
        sum(x1 * {{ w1 }}) as earlier_x,
        sum(y1 * {{ w1 }}) as earlier_y,
        sum(x2 * {{ w2 }}) as later_x,
        sum(y2 * {{ w2 }}) as later_y,
        sum(y1 * {{ w1 }} * y2 * {{ w2 }}) as sum_yy,
        sum(y1 * {{ w1 }} * x2 * {{ w2 }}) as sum_yx,
        sum(x1 * {{ w1 }} * y2 * {{ w2 }}) as sum_xy,
        sum(x1 * {{ w1 }} * x2 * {{ w2 }}) as sum_xx
    from joined
    group by base_wave, wave, nace_group, size_class, k
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}
),

indicators as (
    select
        row_number() over (order by sort_order, indicator) as k,
        indicator
    from {{ ref('indicators') }}
)

select
    sums.base_wave,
    sums.wave,
    indicators.indicator,
    sums.population,
    sums.nace_group,
    sums.size_class,
    linked_counts.linked_respondents,
    sums.earlier_x,
    sums.earlier_y,
    sums.later_x,
    sums.later_y,
    sums.sum_yy,
    sums.sum_yx,
    sums.sum_xy,
    sums.sum_xx
from sums
inner join indicators on sums.k = indicators.k
inner join linked_counts
    on
        sums.base_wave = linked_counts.base_wave
        and sums.wave = linked_counts.wave
        and sums.nace_group = linked_counts.nace_group
        and sums.size_class = linked_counts.size_class
where sums.earlier_x > 0 or sums.later_x > 0
