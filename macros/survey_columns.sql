{#- The item columns of the landed responses: the columns of the landed exports (union of all waves: a
    wave may add items) that the codebook names as questionnaire answers (the seed codebook_items, and the
    items any wave's codebook_changes.csv adds), read when the model runs. The profile and lineage
    columns are not listed here: aibarometer/layout.py declares the raw layout once. Before anything is
    landed (parsing), and always for sqlfluff's lint target (so that linting does not depend on whether a
    landing exists on the machine), it returns an empty list. A model calling this depends on the seeds
    (`-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }}`): an item is an answer column
    when its type is recorded_as 'item' (seed item_types). -#}
{% macro survey_item_columns() %}
    {% if not execute or target.name == 'lint' %}{{ return([]) }}{% endif %}
    {% set landing = env_var("AIB_LANDING_ROOT", "warehouse/landing") %}
    {% if not responses_landed(landing) %}{{ return([]) }}{% endif %}
    {% set answers = run_query(
        "select items.item from " ~ ref('codebook_items') ~ " as items inner join " ~ ref('item_types')
        ~ " as types on items.item_type = types.item_type where types.recorded_as = 'item' union select "
        ~ "trim(item) from " ~ source('survey', 'codebook_changes') ~ " where lower(trim(change)) = 'added'"
        ).columns[0].values() %}
    {% set described = run_query('describe select * from ' ~ source('survey', 'responses')) %}
    {{ return(described.columns[0].values() | select('in', answers) | list) }}
{% endmacro %}

{#- Whether any wave's responses are landed under the landing folder. -#}
{% macro responses_landed(landing) %}
    {{ return(adapter.dispatch('responses_landed')(landing)) }}
{% endmacro %}

{% macro default__responses_landed(landing) %}
    {{ return(run_query("select count(*) from glob('" ~ landing ~ "/wave=*/responses.parquet')").rows[0][0] > 0) }}
{% endmacro %}

{#- Spark reads the landing through views (landing_views): there, whether the responses' view exists. -#}
{% macro spark__responses_landed(landing) %}
    {{ return(adapter.get_relation(database=none, schema=source('survey', 'responses').schema,
                                   identifier=source('survey', 'responses').identifier) is not none) }}
{% endmacro %}

{#- How many of the columns satisfy a condition, as one SQL sum: the condition names its column {c}
    (e.g. "answers.{c} is not null"); an unknown answer counts as not satisfying it. 0 for no columns. -#}
{% macro count_of(columns, condition) -%}
    {%- for column in columns -%}
        coalesce({{ condition | replace('{c}', column) }}, false)::integer{% if not loop.last %} + {% endif %}
    {%- else -%}
        0
    {%- endfor -%}
{%- endmacro %}

{#- The columns fct_respondents has, as built: the answer-rule tests check the items it holds. Empty
    before it is built (parsing, linting). -#}
{% macro respondent_columns() %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {{ return(adapter.get_columns_in_relation(ref('fct_respondents')) | map(attribute='name') | list) }}
{% endmacro %}

{#- The technology items among the landed item columns: every item any wave's codebook puts on the option
    set n_technologies_used counts (seed derived_items). A firm using one of them (code 1) is an adopter.
    A model calling this depends on int_codebook_wave_items and derived_items. -#}
{% macro technology_items() %}
    {% set rows = relation_rows(ref('int_codebook_wave_items'), "select distinct items.item from {relation} as "
                                ~ "items inner join " ~ ref('derived_items') ~ " as derived on derived.item = "
                                ~ "'n_technologies_used' and items.option_set = derived.component_option_set "
                                ~ "order by items.item") %}
    {{ return(rows | map(attribute='item') | select('in', survey_item_columns()) | list) }}
{% endmacro %}

{#- The AI technologies in the baseline codebook's order: its items on the option set n_technologies_used
    counts (seed derived_items), e.g. tech_machine_learning. A model calling this depends on codebook_items
    and derived_items. -#}
{% macro technologies() %}
    {{ return(relation_rows(ref('codebook_items'), "select items.item from {relation} as items inner join "
                            ~ ref('derived_items') ~ " as derived on derived.item = 'n_technologies_used' and "
                            ~ "items.option_set = derived.component_option_set order by items.sort_order")
              | map(attribute='item') | list) }}
{% endmacro %}

{#- The questionnaire items fct_respondents has a column for, as dicts (item, item_type) in questionnaire order:
    the baseline codebook's (seed codebook_items) and every item a wave's codebook_changes.csv adds
    (int_codebook_wave_items), profile items left out. A model calling this depends on codebook_items,
    item_types and int_codebook_wave_items. -#}
{% macro respondent_items() %}
    {% set baseline = relation_rows(ref('codebook_items'), "select items.item, items.item_type, items.sort_order "
                                    ~ "from {relation} as items inner join " ~ ref('item_types') ~ " as types on "
                                    ~ "items.item_type = types.item_type where types.recorded_as != 'profile'") %}
    {% set added = relation_rows(ref('int_codebook_wave_items'), "select items.item, max(items.item_type) as "
                                 ~ "item_type, min(items.sort_order) as sort_order from {relation} as items inner "
                                 ~ "join " ~ ref('item_types') ~ " as types on items.item_type = types.item_type "
                                 ~ "where types.recorded_as != 'profile' group by items.item") %}
    {% set known = baseline | map(attribute='item') | list %}
    {% set rows = baseline + (added | rejectattr('item', 'in', known) | list) %}
    {{ return(rows | sort(attribute='sort_order')) }}
{% endmacro %}
