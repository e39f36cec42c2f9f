-- The lineage of a survey tool's export (aibarometer/intake/exports.py): per file, export column and export
-- code, the code's label in the file (SPSS / Stata value labels), the column and code it landed as, how
-- (recoded, missing_in_map, missing_in_file: item non-response; as_is: a labelled code landed unchanged)
-- and in how many cells. A quarantined or published value is traced to its raw code and label by joining
-- on wave, source_file, target and landed_code. Empty for a wave delivered in the codebook's own layout.
-- Labels are the file's text: masked for personal data like every raw text.
select
    -- keys
    wave::integer as wave,
    source_file,
    export_column,
    export_code,
    -- what it landed as
    target,
    {{ mask_personal_data('export_label') }} as export_label,
    landed_code,
    treatment,
    cells::bigint as cells
from {{ source('survey', 'export_codes') }}
