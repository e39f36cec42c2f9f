-- Calibration tolerance, per wave with published figures: at least 95% of the numeric figures print
-- exactly, every one within 0.5 point, every words-only bound met and no figure without an estimate.
with

outcomes as (
    select
        wave,
        count(*) filter (where outcome in ('exact', 'within_tolerance', 'outside_tolerance')) as numeric_figures,
        count(*) filter (where outcome = 'exact') as exact_figures
    from {{ ref('fct_published_comparison') }}
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
    || coalesce(round(estimate, 3)::varchar, 'missing') || ' (' || outcome || ')' as failure
from {{ ref('fct_published_comparison') }}
where outcome in ('outside_tolerance', 'bound_missed', 'missing')
