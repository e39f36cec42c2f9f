-- Nothing received is lost: per wave, every row of responses.csv (landed or rejected by the intake) is
-- usable, excluded by a report rule, or quarantined; and none is two of these.
with

received as (
    select
        wave,
        count(*) as received
    from (
        select
            wave,
            source_line
        from {{ ref('stg_survey__responses') }}
        union all
        select
            wave,
            source_line
        from {{ ref('stg_survey__rejects') }}
        where source_file like '%/responses.csv'
    )
    group by wave
),

dispositions as (
    select
        wave,
        count(*) filter (where disposition = 'usable') as usable,
        count(*) filter (where disposition != 'usable') as excluded
    from {{ ref('fct_response_dispositions') }}
    group by wave
),

quarantined as (
    select
        wave,
        count(distinct source_line) as quarantined
    from {{ ref('fct_quarantine') }}
    where source_file like '%/responses.csv'
    group by wave
),

reconciled as (
    select
        received.wave,
        received.received,
        coalesce(dispositions.usable, 0) as usable,
        coalesce(dispositions.excluded, 0) as excluded,
        coalesce(quarantined.quarantined, 0) as quarantined
    from received
    left join dispositions on received.wave = dispositions.wave
    left join quarantined on received.wave = quarantined.wave
)

select
    *,
    'wave ' || wave || ': received ' || received || ' responses, but usable ' || usable || ' + excluded '
    || excluded || ' + quarantined ' || quarantined || ' = ' || (usable + excluded + quarantined) as failure
from reconciled
where received != usable + excluded + quarantined
