-- depends_on: {{ ref('raw_file_codes') }}
-- Where each wave comes from, as its folder's wave_info.csv declares it: synthetic or not, a sentence of
-- provenance and the fieldwork window (first and last day responses were collected), against which
-- submission dates are checked. Optional: a wave without the file has no row here.
with

source as (
    select * from {{ source('survey', 'wave_info') }}
),

renamed as (
    select
        -- keys
        wave::integer as wave,
        -- provenance
        -- true or false as seed raw_file_codes codes them (null for any other text, which dim_waves reports)
        {{ coded_boolean('trim(is_synthetic)', 'wave_info', 'is_synthetic') }} as is_synthetic,
        nullif(trim({{ mask_personal_data('provenance') }}), '') as provenance,
        -- fieldwork window (null when not declared or not a date)
        try_cast(trim(fieldwork_start) as date) as fieldwork_start,
        try_cast(trim(fieldwork_end) as date) as fieldwork_end,
        -- the sampling design and frame in words (null when not declared): a change is a break in series
        nullif(trim({{ mask_personal_data('sampling_design') }}), '') as sampling_design,
        nullif(trim({{ mask_personal_data('frame_source') }}), '') as frame_source,
        -- lineage and the raw text, for the checks in dim_waves
        {{ mask_personal_data('is_synthetic') }} as raw_is_synthetic,
        {{ mask_personal_data('fieldwork_start') }} as raw_fieldwork_start,
        {{ mask_personal_data('fieldwork_end') }} as raw_fieldwork_end,
        source_file,
        source_line::integer as source_line,
        source_line_end::integer as source_line_end
    from source
)

select * from renamed
