-- Received responses, one row each as landed: who answered (pseudonymised), the firm profile they gave
-- and where the row came from. Values are typed strictly and become null when they do not parse (a
-- count is a whole number as typed: '19.5' or '1.504' is not read as 20 or 1); they are quarantined by
-- int_response_rule_violations, which reads the raw text kept beside them. Every text value that
-- goes further is masked for personal data. The questionnaire answers are in stg_survey__response_items.
with

source as (
    select * from {{ source('survey', 'responses') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        {{ mask_personal_data('response_id') }} as response_id,
        {{ mask_personal_data('trim(invitation_id)') }} as invitation_id,
        -- the firm the answers are about, as the respondent identified it
        {{ pseudonymise(enterprise_digits('enterprise_number')) }} as firm_key,
        {{ enterprise_number_is_valid('enterprise_number') }} as has_valid_enterprise_number,
        -- firm profile
        case when {{ is_whole_number('employees') }} then try_cast(trim(employees) as bigint) end as employees,
        {{ mask_personal_data('trim(nace_code)') }} as nace_code,
        -- the NACE division when the code has a NACE form (43, 43.2, 43.21); checked against the
        -- divisions in int_response_rule_violations
        case
            when {{ matches_pattern('trim(nace_code)', '[0-9]{2}([.][0-9]{1,2})?') }} then left(trim(nace_code), 2)
        end as nace_division,
        -- dates
        try_cast(submitted_at as timestamp) as submitted_at,
        -- lineage and the raw text of typed columns, for the quarantine
        {{ mask_personal_data('declared_wave') }} as declared_wave,
        {{ mask_personal_data('employees') }} as raw_employees,
        {{ mask_personal_data('submitted_at') }} as raw_submitted_at,
        source_file,
        source_line::integer as source_line,
        source_line_end::integer as source_line_end
    from source
)

select * from renamed
