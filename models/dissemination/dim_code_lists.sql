-- Every code list of the dissemination tables in one place, one row per code: the dimensions of
-- fct_observations (wave, indicator, population, nace_group and size_class with their TOTAL members) and
-- its attributes (unit, reliability, obs_flag), plus the breakdowns and statistics of the marts and the
-- report's figures and tables (report_source), the answers of every answer scale (answer_<option_set>, so a
-- chart can name the parts of a distribution), each
-- with Dutch and English labels, an order and a description. Join on (code_list, code).
with

lists as (
    select
        code_list,
        code,
        sort_order,
        label_nl,
        label_en,
        description_en
    from {{ ref('code_lists') }}

    union all

    select
        'wave' as code_list,
        wave::string as code,
        row_number() over (order by wave) as sort_order,
        wave::string as label_nl,
        wave::string as label_en,
        provenance as description_en
    from {{ ref('dim_waves') }}

    union all

    select
        'indicator' as code_list,
        indicator as code,
        sort_order,
        label_nl,
        label_en,
        question_en as description_en
    from {{ ref('dim_indicators') }}

    union all

    select
        'quality_indicator' as code_list,
        quality_indicator as code,
        sort_order,
        label_nl,
        label_en,
        definition_en as description_en
    from {{ ref('quality_indicators') }}

    union all

    select
        'population' as code_list,
        population as code,
        sort_order,
        label_nl,
        label_en,
        null::string as description_en
    from {{ ref('populations') }}

    union all

    select
        'nace_group' as code_list,
        nace_group as code,
        sort_order,
        label_nl,
        label_en,
        'NACE Rev. 2 divisions ' || nace_divisions as description_en
    from {{ ref('nace_groups') }}

    union all

    select
        'size_class' as code_list,
        size_class as code,
        sort_order,
        label_nl,
        label_en,
        null::string as description_en
    from {{ ref('size_classes') }}

    union all

    select
        'statistic' as code_list,
        statistic as code,
        sort_order,
        label_nl,
        label_en,
        'unit ' || unit as description_en
    from {{ ref('statistics') }}

    union all

    select
        'unit' as code_list,
        unit as code,
        sort_order,
        unit_label_nl as label_nl,
        unit_label_en as label_en,
        null::string as description_en
    from {{ ref('statistics') }}

    union all

    select
        'answer_' || option_set as code_list,
        code::string as code,
        code::integer as sort_order,
        label_nl,
        label_en,
        'Answer code of the scale ' || option_set || ' (codebook_options)' as description_en
    from {{ ref('codebook_options') }}
)

select
    code_list,
    code,
    sort_order::integer as sort_order,
    label_nl,
    label_en,
    description_en
from lists
