-- The weighting schemes, one row per wave x scheme x stratum (docs/quality.md, "Two weightings"):
-- - report: the report's weighting (section 2.3), N_h / n_h over the usable responses of the stratum
--   their answers give. It is a design weight with a non-response adjustment that assumes response at
--   random within the stratum, and it counts every frame firm as eligible. Every published figure uses it;
--   its rows are dim_strata's own values.
-- - eligibility_adjusted: the frame's over-coverage removed first. The stratum's population becomes
--   N_h x e_h, e_h the share of eligible firms among the sampled firms of the stratum whose eligibility the
--   fieldwork established (eligible: a complete or an in-scope response; ineligible: fewer than 5
--   employees or another sector; int_invitation_outcomes), so that firms of unknown eligibility are
--   assumed eligible at the rate of those known (AAPOR's e). A stratum without a classified firm takes the
--   wave's design-weighted e; a stratum never holds fewer firms than its usable responses (N_h x e_h is
--   raised to n_h where it would fall below). The weight is then (N_h x e_h) / n_h.
with

strata as (
    select * from {{ wave_ref('dim_strata') }}
),

outcomes as (
    select
        wave,
        nace_group,
        size_class,
        count(*) as sampled,
        count(*) filter (where eligibility = 'eligible') as eligible,
        count(*) filter (where eligibility != 'unknown') as classified
    from {{ wave_ref('int_invitation_outcomes') }}
    group by wave, nace_group, size_class
),

stratum_eligibility as (
    select
        strata.wave,
        strata.nace_group,
        strata.size_class,
        strata.population_firms,
        strata.usable_responses,
        strata.design_weight,
        cast(outcomes.eligible as double) / nullif(outcomes.classified, 0) as eligibility_rate,
        -- the design (selection) weight N_h / m_h of a sampled firm, for the wave's weighted e
        cast(strata.population_firms as double) / nullif(outcomes.sampled, 0) as selection_weight,
        outcomes.eligible,
        outcomes.classified
    from strata
    left join outcomes
        on
            strata.wave = outcomes.wave
            and strata.nace_group = outcomes.nace_group
            and strata.size_class = outcomes.size_class
),

wave_eligibility as (
    select
        wave,
        sum(selection_weight * eligible) / nullif(sum(selection_weight * classified), 0) as eligibility_rate
    from stratum_eligibility
    group by wave
),

adjusted as (
    select
        stratum_eligibility.*,
        coalesce(stratum_eligibility.eligibility_rate, wave_eligibility.eligibility_rate) as applied_rate
    from stratum_eligibility
    inner join wave_eligibility on stratum_eligibility.wave = wave_eligibility.wave
)

select
    wave,
    'report' as weighting,
    nace_group,
    size_class,
    cast(population_firms as double) as population_firms,
    cast(null as double) as eligibility_rate,
    usable_responses,
    design_weight
from adjusted
union all
select
    wave,
    'eligibility_adjusted' as weighting,
    nace_group,
    size_class,
    greatest(population_firms * applied_rate, usable_responses) as population_firms,
    applied_rate as eligibility_rate,
    usable_responses,
    greatest(population_firms * applied_rate, usable_responses) / nullif(usable_responses, 0) as design_weight
from adjusted
