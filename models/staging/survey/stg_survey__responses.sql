-- Received responses, one row each as landed: who answered (pseudonymised), the firm profile they gave
-- and where the row came from. Values that do not parse become null here and are quarantined by
-- int_response_rule_violations, which reads the raw text kept beside them. The questionnaire answers
-- are in stg_survey__answers.
with

source as (
    select * from {{ source('survey', 'responses') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        response_id,
        invitation_id,
        -- the firm the answers are about, as the respondent identified it
        {{ pseudonymise(enterprise_digits('enterprise_number')) }} as firm_key,
        {{ enterprise_number_is_valid('enterprise_number') }} as has_valid_enterprise_number,
        -- firm profile
        try_cast(employees as integer) as employees,
        trim(nace_code) as nace_code,
        -- dates
        try_cast(submitted_at as timestamp) as submitted_at,
        -- lineage and the raw text of typed columns, for the quarantine
        declared_wave,
        employees as raw_employees,
        submitted_at as raw_submitted_at,
        source_file,
        source_line::integer as source_line
    from source
)

select * from renamed
