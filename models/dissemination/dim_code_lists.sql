-- Every code list of the dissemination tables in one place, one row per code: the dimensions of
-- fct_observations (wave, indicator, population, nace_group and size_class with their TOTAL members) and
-- its attributes (unit, reliability, obs_status, conf_status), the breakdown values of every breakdown
-- (total, stratum), plus the breakdowns and statistics of the marts and the report's figures and tables
-- (report_source), the answers of every answer scale (answer_<option_set>, so a chart can name the parts of
-- a distribution), each with Dutch and English labels, an order and a description. Join on (code_list, code).
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

    -- the breakdowns 'total' and 'stratum' as code lists too, so that every breakdown_value is a code of the
    -- code list its breakdown names (the public database orders breakdown values by it)
    select
        'total' as code_list,
        {{ total_member() }} as code,
        0 as sort_order,
        'Totaal' as label_nl,
        'Total' as label_en,
        'The whole population (breakdown total).' as description_en

    union all

    select
        'stratum' as code_list,
        {{ breakdown_value('stratum') }} as code,
        100 * nace_groups.sort_order + size_classes.sort_order as sort_order,
        nace_groups.label_nl || ', ' || size_classes.label_nl as label_nl,
        nace_groups.label_en || ', ' || size_classes.label_en as label_en,
        'A stratum of the design: NACE group x size class, as dim_strata writes it.' as description_en
    from {{ ref('nace_groups') }} as nace_groups
    cross join {{ ref('size_classes') }} as size_classes

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
