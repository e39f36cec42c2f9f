-- Sampled enterprises, one row per landed line of sample.csv. The enterprise number becomes a
-- pseudonymous firm key; the contact e-mail (personal data) is dropped here and goes no further.
with

source as (
    select * from {{ source('survey', 'sample') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        {{ mask_personal_data('trim(invitation_id)') }} as invitation_id,
        {{ pseudonymise(enterprise_digits('enterprise_number')) }} as firm_key,
        {{ enterprise_number_is_valid('enterprise_number') }} as has_valid_enterprise_number,
        -- frame stratum the firm was sampled in
        trim(nace_group) as frame_nace_group,
        trim(size_class) as frame_size_class,
        -- lineage
        source_file,
        source_line::integer as source_line,
        source_line_end::integer as source_line_end
    from source
)

select * from renamed
