-- Response, coverage and representativity indicators per wave (docs/quality.md gives every formula and
-- its source): one row per wave x breakdown x breakdown value x quality indicator x weighting.
-- - Case counts and rates, per frame stratum (where the firm was sampled) and its unions: the AAPOR case
--   dispositions of int_invitation_outcomes, unweighted (weighting 'none') and weighted by the selection
--   weight N_h / m_h ('design'): eligibility rate e, over-coverage, RR1, RR3.
-- - Representativity (weighting 'design', breakdown total; partials per NACE group and size class): the
--   R-indicator of the complete responses with propensities modelled on the stratum (macros/quality).
-- - The weights of each weighting scheme ('report', 'eligibility_adjusted') per domain of usable
--   respondents: Kish's design effect of weighting, smallest and largest weight, weighted population.
{%- set breakdowns = ['total', 'nace_group', 'size_class', 'stratum'] %}
{%- set counts = ['sampled', 'undeliverable', 'responding', 'complete', 'eligible_no_interview', 'eligible',
                  'ineligible', 'ineligible_fewer_than_5_employees', 'ineligible_sector_out_of_scope',
                  'unknown_eligibility', 'unknown_quarantined'] %}
{#- each derived indicator as (code, formula, relation): counts and rates of the cases, then the weights -#}
{%- set derived = [] %}
{%- for count in counts %}{% do derived.append(('cases_' ~ count, count, 'case_rates')) %}{% endfor %}
{%- for code, formula in [
    ('eligibility_rate', 'eligibility_rate'),
    ('over_coverage_rate', 'ineligible / nullif(eligible + ineligible, 0)'),
    ('response_rate_rr1', 'complete / nullif(eligible + unknown_eligibility, 0)'),
    ('response_rate_rr3', 'complete / nullif(eligible + eligibility_rate * unknown_eligibility, 0)'),
    ('usable_per_sampled', 'complete / nullif(sampled, 0)')] %}
    {%- do derived.append((code, '100 * ' ~ formula, 'case_rates')) %}
{%- endfor %}
{%- for code, formula in [
    ('kish_design_effect', 'respondents * squared_weights / (weighted_population * weighted_population)'),
    ('weight_min', 'weight_min'), ('weight_max', 'weight_max'), ('weighted_population', 'weighted_population')] %}
    {%- do derived.append((code, formula, 'weight_sums')) %}
{%- endfor %}
-- noqa: disable=LT02
-- (sqlfluff renders the loops below empty, on a database without seeds, and misjudges their indent)
with

strata as (
    select * from {{ wave_ref('dim_strata') }}
),

case_strata as (
    select
        outcomes.wave,
        outcomes.nace_group,
        outcomes.size_class,
        max(strata.population_firms) as population_firms,
        count(*) as sampled,
        count(*) filter (where outcomes.outcome = 'unknown_undeliverable') as undeliverable,
        count(*) filter (where outcomes.responses > 0) as responding,
        count(*) filter (where outcomes.outcome = 'complete') as complete,
        count(*) filter (where outcomes.outcome = 'eligible_no_interview') as eligible_no_interview,
        count(*) filter (where outcomes.eligibility = 'eligible') as eligible,
        count(*) filter (where outcomes.eligibility = 'ineligible') as ineligible,
        count(*) filter (where outcomes.outcome = 'ineligible_fewer_than_5_employees')
            as ineligible_fewer_than_5_employees,
        count(*) filter (where outcomes.outcome = 'ineligible_sector_out_of_scope')
            as ineligible_sector_out_of_scope,
        count(*) filter (where outcomes.eligibility = 'unknown') as unknown_eligibility,
        count(*) filter (where outcomes.outcome = 'unknown_quarantined') as unknown_quarantined
    from {{ wave_ref('int_invitation_outcomes') }} as outcomes
    inner join strata
        on
            outcomes.wave = strata.wave
            and outcomes.nace_group = strata.nace_group
            and outcomes.size_class = strata.size_class
    group by outcomes.wave, outcomes.nace_group, outcomes.size_class
),

propensity_cells as (
    select
        wave,
        nace_group,
        size_class,
        population_firms,
        sampled,
        complete as responded
    from case_strata
),

{{ r_indicators('propensity_cells') }},

case_domains as (
    {%- for breakdown in breakdowns %}
        {%- for weighting, weight in [('none', 'cast(1 as double)'),
                                      ('design', 'cast(population_firms as double) / sampled')] %}
            select
                wave,
                '{{ breakdown }}' as breakdown,
                {{ breakdown_value(breakdown) }} as breakdown_value,
                '{{ weighting }}' as weighting
                {%- for count in counts %},
                    {{ weight }} * {{ count }} as {{ count }}
                {%- endfor %}
            from case_strata
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

case_sums as (
    select
        wave,
        breakdown,
        breakdown_value,
        weighting
        {%- for count in counts %},
            sum({{ count }}) as {{ count }}
        {%- endfor %}
    from case_domains
    group by wave, breakdown, breakdown_value, weighting
),

case_rates as (
    select
        *,
        eligible / nullif(eligible + ineligible, 0) as eligibility_rate
    from case_sums
),

received_rows as (
    select
        wave,
        'total' as breakdown,
        {{ total_member() }} as breakdown_value,
        'responses_received' as quality_indicator,
        'none' as weighting,
        cast(sum(received) as double) as indicator_value,
        cast(null as double) as std_error
    from {{ wave_ref('fct_fieldwork_funnel') }}
    group by wave
),

weight_domains as (
    {%- for breakdown in breakdowns if breakdown != 'stratum' %}
        select
            wave,
            weighting,
            '{{ breakdown }}' as breakdown,
            {{ breakdown_value(breakdown) }} as breakdown_value,
            usable_responses,
            design_weight
        from {{ wave_ref('int_strata_weightings') }}
        where usable_responses > 0
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

weight_sums as (
    select
        wave,
        weighting,
        breakdown,
        breakdown_value,
        sum(usable_responses) as respondents,
        sum(usable_responses * design_weight) as weighted_population,
        sum(usable_responses * design_weight * design_weight) as squared_weights,
        min(design_weight) as weight_min,
        max(design_weight) as weight_max
    from weight_domains
    group by wave, weighting, breakdown, breakdown_value
),

derived_rows as (
    {%- for code, formula, relation in derived %}
        select
            wave,
            breakdown,
            breakdown_value,
            '{{ code }}' as quality_indicator,
            weighting,
            {{ formula }} as indicator_value,
            cast(null as double) as std_error
        from {{ relation }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

indicator_rows as (
    select * from derived_rows
    union all
    select * from received_rows
    union all
    select
        wave,
        breakdown,
        breakdown_value,
        quality_indicator,
        'design' as weighting,
        value as indicator_value,
        std_error
    from r_indicator_rows
)

select
    -- keys
    indicator_rows.wave,
    indicator_rows.breakdown,
    indicator_rows.breakdown_value,
    indicator_rows.quality_indicator,
    indicator_rows.weighting,
    -- value
    cast(indicator_rows.indicator_value as double) as indicator_value,
    cast(indicator_rows.std_error as double) as std_error,
    definitions.unit,
    definitions.label_nl,
    definitions.label_en
from indicator_rows
inner join {{ ref('quality_indicators') }} as definitions
    on indicator_rows.quality_indicator = definitions.quality_indicator
