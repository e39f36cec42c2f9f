-- What the publisher applies, one row per estimate: whether the public database and its exports withhold
-- it and why. The decision of fct_disclosure_control without the audit's attacker bounds, which stay in the
-- analysts' warehouse; a SQL model so that it can carry the contract a public model needs (the disclosure
-- control is a Python model, and dbt enforces contracts on SQL models only).
select
    wave,
    indicator,
    population,
    breakdown,
    breakdown_value,
    suppressed,
    suppression_reason
from {{ wave_ref('fct_disclosure_control') }}
