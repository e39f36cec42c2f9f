-- Every broken response rule, one row per received response row x rule (a row can break several): the
-- profile rules (int_response_profile_violations) and the answer rules (int_response_answer_violations),
-- each model listing its rules. A response breaking any rule is quarantined (fct_quarantine) rather than
-- estimated from or lost: the rest of its wave goes on.
select
    wave,
    source_file,
    source_line,
    source_line_end,
    response_id,
    rule_name,
    detail,
    raw_value
from {{ wave_ref('int_response_profile_violations') }}
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
from {{ wave_ref('int_response_answer_violations') }}
