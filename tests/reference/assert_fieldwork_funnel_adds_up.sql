-- Section 2.3's funnel adds up: sampled - undeliverable = reached, received - excluded = usable,
-- the strata's usable responses and sampled firms add up to the funnel's totals, and the
-- printed response rate is received / reached rounded to a whole percent. A wave whose strata are not
-- printed (a later edition known from secondary sources) is checked on the steps it prints.
with

funnel as (
    select
        wave,
        max(printed_value) filter (where step = 'sampled') as sampled,
        max(printed_value) filter (where step = 'undeliverable') as undeliverable,
        max(printed_value) filter (where step = 'reached') as reached,
        max(printed_value) filter (where step = 'received') as received,
        max(printed_value) filter (where step = 'excluded') as excluded,
        max(printed_value) filter (where step = 'usable') as usable,
        max(printed_value) filter (where step = 'response_rate_pct') as response_rate_pct
    from {{ ref('stg_reference__fieldwork_funnel') }}
    group by wave
),

strata as (
    select
        wave,
        sum(sampled_firms) as strata_sampled,
        sum(usable_responses) as strata_usable
    from {{ ref('stg_reference__frame_strata') }}
    group by wave
),

checks as (
    select
        f.wave,
        'sampled - undeliverable = reached' as check_name,
        f.sampled - f.undeliverable as expected,
        f.reached as actual
    from funnel as f
    union all
    select
        f.wave,
        'received - excluded = usable' as check_name,
        f.received - f.excluded as expected,
        f.usable as actual
    from funnel as f
    union all
    select
        f.wave,
        'strata usable responses = usable' as check_name,
        s.strata_usable as expected,
        f.usable as actual
    from funnel as f inner join strata as s on f.wave = s.wave
    union all
    select
        f.wave,
        'strata sampled firms = sampled' as check_name,
        s.strata_sampled as expected,
        f.sampled as actual
    from funnel as f inner join strata as s on f.wave = s.wave
    union all
    select
        f.wave,
        'round(100 * received / reached) = response rate' as check_name,
        round(100.0 * f.received / f.reached)::integer as expected,
        f.response_rate_pct as actual
    from funnel as f
)

select
    *,
    'fieldwork funnel ' || wave || ': ' || check_name || ' fails: expected '
    || coalesce(expected::string, 'nothing') || ', got ' || coalesce(actual::string, 'nothing')
        as failure
from checks
-- a step a wave does not print is not checked (expected is then nothing)
where expected is distinct from actual and expected is not null
