-- Line spans the intake could not land as a row (wrong field count, an unbalanced quote, a NUL byte, a
-- repeated header), as it recorded them: they enter the quarantine. The raw text may hold personal data:
-- it is masked by value pattern (e-mails, enterprise numbers, phone numbers) before it leaves staging.
select
    -- keys
    wave::integer as wave,
    source_file,
    source_line::integer as source_line,
    source_line_end::integer as source_line_end,
    -- why and what
    rule_name,
    {{ mask_personal_data('detail') }} as detail,
    {{ mask_personal_data('raw_value') }} as raw_value
from {{ source('survey', 'rejects') }}
