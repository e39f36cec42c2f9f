-- The fieldwork funnel per wave x frame stratum (the stratum the firm was sampled in): sampled,
-- undeliverable, reached, received, and what became of every received response (usable, excluded by
-- rule, quarantined). Received responses count where their invitation counts (a firm sampled twice:
-- its first invitation); weights (dim_strata) follow the answers instead. Responses that cannot be
-- linked to an invitation (unknown invitation, or a line the intake could not read as a row) are
-- counted in one row per wave with nace_group and size_class '(not linked)', so that per wave the
-- funnel's received equals the records of responses.csv (assert_raw_records_accounted_for).
-- Documented rules: an invitation whose e-mail bounced but that brought a response counts as reached
-- (the response proves contact: reached_despite_bounce); an invitation without a valid fieldwork line
-- counts as not reached unless a response came through it (reached = delivered or responded).
{% set not_linked = "'(not linked)'" %}
with

invitations as (
    select * from {{ wave_ref('int_invitations') }}
),

responses as (
    select * from {{ wave_ref('int_responses_linked') }}
),

responded as (
    select distinct
        wave,
        counted_invitation_id as invitation_id
    from responses
    where counted_invitation_id is not null
),

invited as (
    select
        invitations.wave,
        invitations.nace_group,
        invitations.size_class,
        count(*) as sampled,
        count(*) filter (where invitations.is_delivered or responded.invitation_id is not null) as reached,
        count(*) filter (where not invitations.is_delivered and responded.invitation_id is not null)
            as reached_despite_bounce,
        count(*) filter (where invitations.is_delivered is null) as without_fieldwork_line
    from invitations
    left join responded
        on invitations.wave = responded.wave and invitations.invitation_id = responded.invitation_id
    where invitations.is_counted
    group by invitations.wave, invitations.nace_group, invitations.size_class
),

rejected_lines as (
    select
        wave,
        {{ not_linked }} as nace_group,
        {{ not_linked }} as size_class,
        null as disposition
    from {{ wave_ref('stg_survey__rejects') }}
    where source_file like '%/responses.%'
),

outcomes as (
    select
        wave,
        coalesce(nace_group, {{ not_linked }}) as nace_group,
        coalesce(size_class, {{ not_linked }}) as size_class,
        disposition
    from responses
    union all
    select * from rejected_lines
),

received as (
    select
        wave,
        nace_group,
        size_class,
        count(*) as received,
        count(*) filter (where disposition = 'usable') as usable,
        count(*) filter (where disposition = 'fewer_than_5_employees') as excluded_fewer_than_5_employees,
        count(*) filter (where disposition = 'sector_out_of_scope') as excluded_sector_out_of_scope,
        count(*) filter (where disposition = 'no_ai_question_answered') as excluded_no_ai_question_answered,
        count(*) filter (where disposition = 'duplicate') as excluded_duplicate,
        count(*) filter (where disposition is null) as quarantined
    from outcomes
    group by wave, nace_group, size_class
),

strata as (
    select
        wave,
        nace_group,
        size_class
    from invited
    union
    select
        wave,
        nace_group,
        size_class
    from received
)

select
    strata.wave,
    strata.nace_group,
    strata.size_class,
    coalesce(invited.sampled, 0) as sampled,
    coalesce(invited.sampled - invited.reached, 0) as undeliverable,
    coalesce(invited.reached, 0) as reached,
    coalesce(invited.reached_despite_bounce, 0) as reached_despite_bounce,
    coalesce(invited.without_fieldwork_line, 0) as without_fieldwork_line,
    coalesce(received.received, 0) as received,
    coalesce(received.received - received.usable - received.quarantined, 0) as excluded,
    coalesce(received.excluded_fewer_than_5_employees, 0) as excluded_fewer_than_5_employees,
    coalesce(received.excluded_sector_out_of_scope, 0) as excluded_sector_out_of_scope,
    coalesce(received.excluded_no_ai_question_answered, 0) as excluded_no_ai_question_answered,
    coalesce(received.excluded_duplicate, 0) as excluded_duplicate,
    coalesce(received.usable, 0) as usable,
    coalesce(received.quarantined, 0) as quarantined,
    -- a double on both engines (Spark would keep the decimal); on DuckDB the same value as before
    cast(100.0 * coalesce(received.received, 0) as double) / nullif(invited.reached, 0)
        as response_rate_pct,
    cast(100.0 * coalesce(received.usable, 0) as double) / nullif(invited.reached, 0)
        as usable_rate_pct
from strata
left join invited
    on
        strata.wave = invited.wave
        and strata.nace_group = invited.nace_group
        and strata.size_class = invited.size_class
left join received
    on
        strata.wave = received.wave
        and strata.nace_group = received.nace_group
        and strata.size_class = received.size_class
