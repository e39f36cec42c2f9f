-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }}
-- depends_on: {{ ref('int_codebook_wave_items') }} {{ ref('derived_items') }}
{{ config(post_hook="{{ comment_codebook_columns(this) }}") }}
-- One row per usable respondent and wave: stratum, design weight, adopter status, the firm's pseudonymous
-- key (the enterprise number it answered with, hashed: what links a firm across editions, docs/trends.md)
-- and one column per questionnaire item (coded as in codebook_options; percentages as reported; an item a
-- wave adds is a column too, null in the waves that did not ask it), plus a boolean per AI technology.
-- Built in one pass from the wide responses: the usable responses' answers are typed column by column
-- (every answer of a usable response passed the quarantine's checks), and the derived items are computed
-- across columns. Columns come from the codebook.
{#- the items: the baseline codebook's and those any wave's codebook_changes.csv adds (null in the waves that
    did not ask them), in questionnaire order -#}
{%- set items = respondent_items() %}
{%- set landed = survey_item_columns() %}
{#- the components of the derived items (seed derived_items): the technology items and the adapted-source
    items -#}
{%- set technology_columns = technology_items() %}
{%- set adapted_items = relation_rows(ref('derived_items'), "select component_item from {relation} where item = "
                                      ~ "'source_adapted_any' order by component_item")
                        | map(attribute='component_item') | select('in', landed) | list %}
{#- the AI technologies in the codebook's order (a boolean uses_<technology> each) -#}
{%- set technologies = technologies() %}
with

usable as (
    select * from {{ wave_ref('fct_response_dispositions') }}
    where disposition = 'usable'
),

strata as (
    select * from {{ wave_ref('dim_strata') }}
),

profiles as (
    select * from {{ wave_ref('int_responses_classified') }}
),

answers as (
    select * from {{ wave_ref('stg_survey__response_items') }}
),

typed as (
    select
        usable.wave,
        usable.response_key as respondent_key,
        profiles.firm_key,
        usable.nace_group,
        usable.size_class,
        profiles.employees,
        profiles.nace_code,
        {%- for item in items if item.item_type != 'derived' %}
            {%- if item.item not in landed %}
        null::{{ 'double' if item.item_type == 'percentage' else 'integer' }} as {{ item.item }},
            {%- elif item.item_type == 'percentage' %}
        answers.{{ item.item }}::double as {{ item.item }},
            {%- else %}
        answers.{{ item.item }}::integer as {{ item.item }},
            {%- endif %}
        {%- endfor %}
        -- how many technology items the respondent answered, uses, plans (derived items below)
        {{ count_of(technology_columns, 'answers.' ~ adapter.quote('{c}') ~ ' is not null') }} as technologies_answered,
        {{ count_of(technology_columns, 'answers.' ~ adapter.quote('{c}') ~ '::integer = 1') }} as technologies_used,
        {{ count_of(technology_columns, 'answers.' ~ adapter.quote('{c}') ~ '::integer = 2') }} as technologies_planned,
        {{ count_of(adapted_items, 'answers.' ~ adapter.quote('{c}') ~ ' is not null') }} as adapted_answered,
        {{ count_of(adapted_items, 'answers.' ~ adapter.quote('{c}') ~ '::integer = 1') }} as adapted_yes
    from usable
    inner join profiles
        on usable.response_key = profiles.response_key
    inner join answers
        on profiles.wave = answers.wave and profiles.source_line = answers.source_line
),

derived as (
    select
        *,
        -- derived items (codebook item_type 'derived'): null when none of their components was answered
        case when technologies_answered > 0 then technologies_used end as n_technologies_used,
        case
            when technologies_answered = 0 then null
            when technologies_used > 0 then 1
            when technologies_planned > 0 then 2
            else 3
        end as adoption_status,
        case when adapted_answered > 0 then least(adapted_yes, 1) end as source_adapted_any
    from typed
)

select
    derived.wave,
    derived.respondent_key,
    derived.firm_key,
    derived.nace_group,
    derived.size_class,
    strata.design_weight,
    strata.population_firms as stratum_population,
    strata.usable_responses as stratum_respondents,
    derived.employees,
    derived.nace_code,
    {%- for item in items %}
    derived.{{ item.item }}{% if item.item_type == 'derived' %}::integer{% endif %} as {{ item.item }},
    {%- endfor %}
    {%- for item in technologies %}
    coalesce(derived.{{ item }} = 1, false) as uses_{{ item | replace('tech_', '', 1) }},
    {%- endfor %}
    -- last, so that the column lists above may be empty (linting, parsing)
    coalesce(derived.n_technologies_used > 0, false) as is_adopter
from derived
inner join strata
    on
        derived.wave = strata.wave
        and derived.nace_group = strata.nace_group
        and derived.size_class = strata.size_class
