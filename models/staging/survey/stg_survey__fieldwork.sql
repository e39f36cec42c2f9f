-- depends_on: {{ ref('raw_file_codes') }}
-- Fieldwork per invitation: delivery of the e-mail, reminders and telephone follow-up. Typed strictly:
-- a value that does not parse is null here and quarantined by int_invitation_rule_violations, with its
-- raw text. (The intake has already normalised the case and spaces of the two enumerations, logged.)
with

source as (
    select * from {{ source('survey', 'fieldwork') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        {{ mask_personal_data('trim(invitation_id)') }} as invitation_id,
        -- numerics
        case when {{ is_whole_number('reminders_sent') }} then try_cast(trim(reminders_sent) as integer) end
            as reminders_sent,
        -- booleans (null when the cell is not one of the codes of seed raw_file_codes)
        {{ coded_boolean('delivery_status', 'fieldwork', 'delivery_status') }} as is_delivered,
        {{ coded_boolean('phone_follow_up', 'fieldwork', 'phone_follow_up') }} as had_phone_follow_up,
        -- the raw text of typed columns, for the quarantine
        {{ mask_personal_data('delivery_status') }} as raw_delivery_status,
        {{ mask_personal_data('reminders_sent') }} as raw_reminders_sent,
        {{ mask_personal_data('phone_follow_up') }} as raw_phone_follow_up,
        -- lineage
        source_file,
        source_line::integer as source_line,
        source_line_end::integer as source_line_end
    from source
)

select * from renamed
