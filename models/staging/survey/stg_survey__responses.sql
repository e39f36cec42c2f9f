-- Received responses, one row each: who answered (pseudonymised) and the firm profile they gave.
-- The questionnaire answers are in stg_survey__answers.
with

source as (
    select * from {{ source('survey', 'responses') }}
),

renamed as (
    select
        -- keys
        regexp_extract(filename, 'wave=([0-9]+)', 1)::integer as wave,
        response_id,
        invitation_id,
        -- the firm the answers are about, as the respondent identified it
        {{ pseudonymise(enterprise_digits('enterprise_number')) }} as firm_key,
        -- firm profile
        employees::integer as employees,
        trim(nace_code) as nace_code,
        -- dates
        submitted_at::timestamp as submitted_at
    from source
)

select * from renamed
