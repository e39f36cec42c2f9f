-- The quarantine: every received line that is neither usable nor excluded by a report rule, one row per
-- line span x broken rule, with its file, first and last line, rule and raw value (personal data
-- masked). Three sources: spans the intake could not land as a row (stg_survey__rejects), responses
-- breaking a response rule, and sample or fieldwork lines breaking an invitation rule. Nothing received
-- leaves the pipeline unaccounted: per wave and file, the raw file's lines = header + blank + usable +
-- excluded + quarantined (assert_raw_records_accounted_for).
select
    wave,
    source_file,
    source_line,
    source_line_end,
    null::string as response_id,
    rule_name,
    detail,
    raw_value
from {{ wave_ref('stg_survey__rejects') }}
union all
select
    wave,
    source_file,
    source_line,
    source_line_end,
    response_id,
    rule_name,
    detail,
    raw_value
from {{ wave_ref('int_response_rule_violations') }}
union all
select
    wave,
    source_file,
    source_line,
    source_line_end,
    null::string as response_id,
    rule_name,
    detail,
    raw_value
from {{ wave_ref('int_invitation_rule_violations') }}
