-- The fieldwork funnel per wave x frame stratum (the stratum the firm was sampled in): sampled,
-- undeliverable, reached, received, excluded by rule, usable, and response rates. Received responses
-- count where their invitation was sampled; weights (dim_strata) follow the answers instead.
with

invitations as (
    select
        sampled.wave,
        sampled.invitation_id,
        sampled.frame_nace_group as nace_group,
        sampled.frame_size_class as size_class,
        fieldwork.is_delivered
    from {{ wave_ref('stg_survey__sample') }} as sampled
    left join {{ wave_ref('stg_survey__fieldwork') }} as fieldwork
        on sampled.wave = fieldwork.wave and sampled.invitation_id = fieldwork.invitation_id
),

invited as (
    select
        wave,
        nace_group,
        size_class,
        count(*) as sampled,
        count(*) filter (where not coalesce(is_delivered, false)) as undeliverable,
        count(*) filter (where is_delivered) as reached
    from invitations
    group by wave, nace_group, size_class
),

received as (
    select
        invitations.wave,
        invitations.nace_group,
        invitations.size_class,
        count(*) as received,
        count(*) filter (where dispositions.disposition = 'usable') as usable,
        count(*) filter (where dispositions.disposition = 'fewer_than_5_employees') as excluded_fewer_than_5_employees,
        count(*) filter (where dispositions.disposition = 'sector_out_of_scope') as excluded_sector_out_of_scope,
        count(*) filter (
            where dispositions.disposition = 'no_ai_question_answered'
        ) as excluded_no_ai_question_answered,
        count(*) filter (where dispositions.disposition = 'duplicate') as excluded_duplicate,
        count(*) filter (where dispositions.disposition is null) as quarantined
    from {{ wave_ref('stg_survey__responses') }} as responses
    left join {{ wave_ref('int_responses_classified') }} as accepted
        on responses.wave = accepted.wave and responses.source_line = accepted.source_line
    left join {{ wave_ref('fct_response_dispositions') }} as dispositions
        on accepted.response_key = dispositions.response_key
    inner join invitations
        on responses.wave = invitations.wave and responses.invitation_id = invitations.invitation_id
    group by invitations.wave, invitations.nace_group, invitations.size_class
)

select
    invited.wave,
    invited.nace_group,
    invited.size_class,
    invited.sampled,
    invited.undeliverable,
    invited.reached,
    coalesce(received.received, 0) as received,
    coalesce(received.received - received.usable - received.quarantined, 0) as excluded,
    coalesce(received.excluded_fewer_than_5_employees, 0) as excluded_fewer_than_5_employees,
    coalesce(received.excluded_sector_out_of_scope, 0) as excluded_sector_out_of_scope,
    coalesce(received.excluded_no_ai_question_answered, 0) as excluded_no_ai_question_answered,
    coalesce(received.excluded_duplicate, 0) as excluded_duplicate,
    coalesce(received.usable, 0) as usable,
    coalesce(received.quarantined, 0) as quarantined,
    100.0 * coalesce(received.received, 0) / nullif(invited.reached, 0) as response_rate_pct,
    100.0 * coalesce(received.usable, 0) / nullif(invited.reached, 0) as usable_rate_pct
from invited
left join received
    on
        invited.wave = received.wave
        and invited.nace_group = received.nace_group
        and invited.size_class = received.size_class
