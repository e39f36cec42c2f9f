-- Rows the intake could not land (wrong field count), as it recorded them: they enter the quarantine.
-- The raw line may hold personal data: enterprise numbers and e-mail addresses are masked here, before
-- it leaves staging.
select
    -- keys
    wave::integer as wave,
    source_file,
    source_line::integer as source_line,
    -- why and what
    rule_name,
    detail,
    regexp_replace(
        regexp_replace(raw_value, '[^\s,;]+@[^\s,;]+', '(e-mail withheld)', 'g'),
        '(BE)?\s*[01][0-9]{3}[. ]?[0-9]{3}[. ]?[0-9]{3}', '(enterprise number withheld)', 'gi'
    ) as raw_value
from {{ source('survey', 'rejects') }}
