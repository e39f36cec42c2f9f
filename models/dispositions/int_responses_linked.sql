-- One row per received response (a row of responses.csv the intake read) and wave: the invitation it
-- counts under (a firm sampled twice: its first invitation; null when it names no invitation of the
-- sample), that invitation's frame stratum, and what became of the response (its disposition; null when
-- it was quarantined). The fieldwork funnel counts these responses; the invitation outcomes (the AAPOR
-- case dispositions of the quality indicators) read them per invitation.
with

invitations as (
    select * from {{ wave_ref('int_invitations') }}
)

select
    received.wave,
    received.source_line,
    linked.counted_invitation_id,
    counted.nace_group,
    counted.size_class,
    dispositions.disposition
from {{ wave_ref('stg_survey__responses') }} as received
left join invitations as linked
    on received.wave = linked.wave and received.invitation_id = linked.invitation_id
left join invitations as counted
    on linked.wave = counted.wave and linked.counted_invitation_id = counted.invitation_id
left join {{ wave_ref('int_responses_classified') }} as accepted
    on received.wave = accepted.wave and received.source_line = accepted.source_line
left join {{ wave_ref('fct_response_dispositions') }} as dispositions
    on accepted.response_key = dispositions.response_key
