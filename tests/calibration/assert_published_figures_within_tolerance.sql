-- Calibration tolerance, per synthetic wave with published figures (figure_role 'calibration_target'): at
-- least 95% of the numeric figures print exactly, every one within 0.5 point, every words-only bound met
-- and no figure without an estimate. A real wave's figures are references: their misses are reported in
-- fct_published_comparison and the run summary, not failed here.
with

targets as (
    select * from {{ ref('fct_published_comparison') }}
    where figure_role = 'calibration_target'
),

outcomes as (
    select
        wave,
        count(*) filter (where outcome in ('exact', 'within_tolerance', 'outside_tolerance')) as numeric_figures,
        count(*) filter (where outcome = 'exact') as exact_figures
    from targets
    group by wave
)

select
    wave,
    'wave ' || wave || ': ' || exact_figures || ' of ' || numeric_figures
    || ' numeric figures print exactly, below the required 95%' as failure
from outcomes
where exact_figures < 0.95 * numeric_figures
union all
select
    wave,
    'wave ' || wave || ' ' || report_source || ' ' || indicator || ' (' || population || ', ' || breakdown || '='
    || breakdown_value || '): printed ' || printed_text || ', estimate '
    || coalesce(round(estimate, 3)::string, 'missing') || ' (' || outcome || ')' as failure
from targets
where outcome in ('outside_tolerance', 'bound_missed', 'missing')
