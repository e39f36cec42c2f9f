-- The conservation law, per wave and raw file: every physical line of the file (counted by the intake on
-- the file's bytes, not by a CSV parser) is the header, a blank line, or lies in exactly one span that the
-- warehouse holds: a landed row or a quarantined span. For responses.csv the landed rows are further
-- split into usable + excluded (fct_response_dispositions) + quarantined (fct_quarantine), none in two of
-- them, and the funnel's received (all strata and the '(not linked)' row) equals the file's records.
with

accounting as (
    select * from {{ ref('stg_survey__file_accounting') }}
),

landed as (
    {%- for name in ['frame', 'sample', 'fieldwork', 'responses', 'wave_info', 'codebook_changes'] %}
        select
            wave,
            source_file,
            source_line,
            source_line_end
        from {{ ref('stg_survey__' ~ name) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

quarantined_spans as (
    select distinct
        wave,
        source_file,
        source_line,
        source_line_end
    from {{ ref('fct_quarantine') }}
),

rejected as (
    select * from {{ ref('stg_survey__rejects') }}
),

response_outcomes as (
    select
        received.wave,
        received.source_file,
        received.source_line,
        received.source_line_end - received.source_line + 1 as line_count,
        dispositions.disposition,
        quarantined.source_line is not null as is_quarantined
    from {{ ref('stg_survey__responses') }} as received
    left join {{ ref('int_responses_classified') }} as accepted
        on received.wave = accepted.wave and received.source_line = accepted.source_line
    left join {{ ref('fct_response_dispositions') }} as dispositions
        on accepted.response_key = dispositions.response_key
    left join quarantined_spans as quarantined
        on
            received.wave = quarantined.wave
            and received.source_file = quarantined.source_file
            and received.source_line = quarantined.source_line
),

landed_per_file as (
    select
        wave,
        source_file,
        count(*) as landed_records,
        sum(source_line_end - source_line + 1) as landed_lines
    from landed
    group by wave, source_file
),

rejected_per_file as (
    select
        wave,
        source_file,
        count(*) as rejected_records,
        sum(source_line_end - source_line + 1) as rejected_lines
    from rejected
    group by wave, source_file
),

responses_per_file as (
    select
        wave,
        source_file,
        count(*) filter (where disposition = 'usable' and not is_quarantined) as usable,
        count(*) filter (where disposition != 'usable' and not is_quarantined) as excluded,
        count(*) filter (where disposition is null and is_quarantined) as quarantined,
        count(*) filter (where (disposition is not null) = is_quarantined) as in_none_or_two,
        sum(line_count) filter (where disposition is not null or is_quarantined) as accounted_lines
    from response_outcomes
    group by wave, source_file
),

funnel as (
    select
        wave,
        sum(received) as received
    from {{ ref('fct_fieldwork_funnel') }}
    group by wave
),

responses_accounting as (
    select
        accounting.*,
        coalesce(responses_per_file.usable, 0) as usable,
        coalesce(responses_per_file.excluded, 0) as excluded,
        coalesce(responses_per_file.quarantined, 0) as quarantined,
        coalesce(responses_per_file.in_none_or_two, 0) as in_none_or_two,
        coalesce(responses_per_file.accounted_lines, 0) as accounted_lines,
        coalesce(rejected_per_file.rejected_records, 0) as set_aside,
        funnel.received as funnel_received
    from accounting
    left join responses_per_file
        on accounting.wave = responses_per_file.wave and accounting.source_file = responses_per_file.source_file
    left join rejected_per_file
        on accounting.wave = rejected_per_file.wave and accounting.source_file = rejected_per_file.source_file
    left join funnel on accounting.wave = funnel.wave
    where accounting.file_name = 'responses'
),

checks as (
    select
        accounting.wave,
        accounting.source_file,
        'physical lines = header + blank + landed lines + set-aside lines' as check_name,
        accounting.physical_lines as expected,
        accounting.header_lines + accounting.blank_lines + coalesce(landed_per_file.landed_lines, 0)
        + coalesce(rejected_per_file.rejected_lines, 0) as actual
    from accounting
    left join landed_per_file
        on accounting.wave = landed_per_file.wave and accounting.source_file = landed_per_file.source_file
    left join rejected_per_file
        on accounting.wave = rejected_per_file.wave and accounting.source_file = rejected_per_file.source_file
    union all
    select
        wave,
        source_file,
        'landed response lines = usable + excluded + quarantined lines' as check_name,
        landed_lines as expected,
        accounted_lines as actual
    from responses_accounting
    union all
    select
        wave,
        source_file,
        'responses in none or in two of usable/excluded and quarantined' as check_name,
        0 as expected,
        in_none_or_two as actual
    from responses_accounting
    union all
    select
        wave,
        source_file,
        'records = usable + excluded + quarantined + set-aside spans' as check_name,
        landed_records + rejected_records as expected,
        usable + excluded + quarantined + set_aside as actual
    from responses_accounting
    union all
    select
        wave,
        source_file,
        'records = funnel received (all strata and not linked)' as check_name,
        landed_records + rejected_records as expected,
        funnel_received as actual
    from responses_accounting
)

select
    *,
    source_file || ': ' || check_name || ' fails: the raw file says ' || coalesce(expected::string, 'nothing')
    || ', the warehouse holds ' || coalesce(actual::string, 'nothing') as failure
from checks
where expected is distinct from actual
