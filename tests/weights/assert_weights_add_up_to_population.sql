-- The design weights of a stratum's usable respondents add up to the stratum's population N_h, and
-- every stratum with population has at least one usable respondent (else its weight is undefined).
with

weighted as (
    select
        wave,
        nace_group,
        size_class,
        sum(design_weight) as weight_total
    from {{ ref('fct_respondents') }}
    group by wave, nace_group, size_class
)

select
    strata.wave,
    strata.stratum,
    'wave ' || strata.wave || ' stratum ' || strata.stratum || ': weights add up to '
    || coalesce(round(weighted.weight_total, 6)::string, 'nothing') || ', population is '
    || strata.population_firms as failure
from {{ ref('dim_strata') }} as strata
left join weighted
    on
        strata.wave = weighted.wave
        and strata.nace_group = weighted.nace_group
        and strata.size_class = weighted.size_class
where
    weighted.weight_total is null
    or abs(weighted.weight_total - strata.population_firms) > 1e-9 * strata.population_firms
