-- One row per sampled firm (a counted invitation) and wave: its final case disposition in the AAPOR
-- Standard Definitions' terms (docs/quality.md), from what its responses became. Precedence, as AAPOR
-- assigns a case the most informative of its outcomes: a usable response makes it a complete interview
-- (I); else a response that is in scope but not usable (no AI question answered, or a repeat of a usable
-- response) an eligible non-interview (R, a break-off); else a response that is out of scope makes the
-- firm not eligible (NE: fewer than 5 employees before another sector); else its eligibility is unknown
-- (U): only quarantined responses (unreadable, so unclassified), or no response at all (delivered or
-- undeliverable). Responses that name no invitation of the sample are no case (the funnel counts them).
with

invitations as (
    select * from {{ wave_ref('int_invitations') }}
    where is_counted
),

responses as (
    select
        wave,
        counted_invitation_id as invitation_id,
        count(*) as responses,
        count(*) filter (where disposition = 'usable') as usable,
        count(*) filter (where disposition in ('no_ai_question_answered', 'duplicate')) as in_scope_not_usable,
        count(*) filter (where disposition = 'fewer_than_5_employees') as fewer_than_5_employees,
        count(*) filter (where disposition = 'sector_out_of_scope') as sector_out_of_scope
    from {{ wave_ref('int_responses_linked') }}
    where counted_invitation_id is not null
    group by wave, counted_invitation_id
),

outcomes as (
    select
        invitations.wave,
        invitations.invitation_id,
        invitations.nace_group,
        invitations.size_class,
        coalesce(responses.responses, 0) as responses,
        case
            when responses.usable > 0 then 'complete'
            when responses.in_scope_not_usable > 0 then 'eligible_no_interview'
            when responses.fewer_than_5_employees > 0 then 'ineligible_fewer_than_5_employees'
            when responses.sector_out_of_scope > 0 then 'ineligible_sector_out_of_scope'
            when responses.responses > 0 then 'unknown_quarantined'
            when invitations.is_delivered then 'unknown_no_response'
            else 'unknown_undeliverable'
        end as outcome
    from invitations
    left join responses
        on invitations.wave = responses.wave and invitations.invitation_id = responses.invitation_id
)

select
    wave,
    invitation_id,
    nace_group,
    size_class,
    responses,
    outcome,
    case
        when outcome in ('complete', 'eligible_no_interview') then 'eligible'
        when outcome like 'ineligible%' then 'ineligible'
        else 'unknown'
    end as eligibility
from outcomes
