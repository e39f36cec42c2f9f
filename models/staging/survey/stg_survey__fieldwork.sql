-- Fieldwork per invitation: delivery of the e-mail, reminders and telephone follow-up.
with

source as (
    select * from {{ source('survey', 'fieldwork') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        invitation_id,
        -- numerics
        reminders_sent::integer as reminders_sent,
        -- booleans
        delivery_status = 'delivered' as is_delivered,
        phone_follow_up::boolean as had_phone_follow_up
    from source
)

select * from renamed
