-- Sampled enterprises. The enterprise number becomes a pseudonymous firm key; the contact e-mail
-- (personal data) is dropped here and goes no further.
with

source as (
    select * from {{ source('survey', 'sample') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        invitation_id,
        {{ pseudonymise(enterprise_digits('enterprise_number')) }} as firm_key,
        -- frame stratum the firm was sampled in
        nace_group as frame_nace_group,
        size_class as frame_size_class
    from source
)

select * from renamed
