-- The quarantine: every received row that is neither usable nor excluded by a report rule, one row per
-- row x rule, with its file, line, rule and raw value. Rows the intake could not land (wrong field
-- count) and responses breaking a response rule. Nothing received leaves the pipeline unaccounted:
-- per wave, received = usable + excluded + quarantined (assert_received_responses_reconcile).
select
    wave,
    source_file,
    source_line,
    null::varchar as response_id,
    rule_name,
    detail,
    raw_value
from {{ wave_ref('stg_survey__rejects') }}
union all
select
    wave,
    source_file,
    source_line,
    response_id,
    rule_name,
    detail,
    raw_value
from {{ wave_ref('int_response_rule_violations') }}
