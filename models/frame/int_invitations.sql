-- One row per invitation of the sample (its first line; later lines with the same id are quarantined),
-- with its frame stratum, its fieldwork (when a valid fieldwork line exists) and the invitation it
-- counts under: a firm sampled twice counts once, under its first invitation
-- (int_invitation_rule_violations documents the rules). Responses link to invitations through this.
with

sample as (
    select * from {{ wave_ref('stg_survey__sample') }}
),

quarantined as (
    select * from {{ wave_ref('int_invitation_rule_violations') }}
),

accepted_sample as (
    select
        *,
        first_value(invitation_id) over (
            partition by wave, case when has_valid_enterprise_number then firm_key else invitation_id end
            order by source_line
        ) as counted_invitation_id
    from sample
    where not exists (
        select 1 from quarantined
        where
            quarantined.wave = sample.wave
            and quarantined.source_file = sample.source_file
            and quarantined.source_line = sample.source_line
            and quarantined.rule_name = 'duplicate_invitation_id'
    )
),

fieldwork as (
    select * from {{ wave_ref('stg_survey__fieldwork') }} as fieldwork
    where not exists (
        select 1 from quarantined
        where
            quarantined.wave = fieldwork.wave
            and quarantined.source_file = fieldwork.source_file
            and quarantined.source_line = fieldwork.source_line
    )
)

select
    -- keys
    accepted_sample.wave,
    accepted_sample.invitation_id,
    accepted_sample.counted_invitation_id,
    accepted_sample.invitation_id = accepted_sample.counted_invitation_id as is_counted,
    -- frame stratum
    accepted_sample.frame_nace_group as nace_group,
    accepted_sample.frame_size_class as size_class,
    -- fieldwork (null: no valid fieldwork line)
    fieldwork.is_delivered,
    fieldwork.reminders_sent,
    fieldwork.had_phone_follow_up,
    -- lineage
    accepted_sample.source_file,
    accepted_sample.source_line
from accepted_sample
left join fieldwork
    on accepted_sample.wave = fieldwork.wave and accepted_sample.invitation_id = fieldwork.invitation_id
