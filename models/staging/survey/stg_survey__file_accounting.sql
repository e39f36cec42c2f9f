-- The intake's account of every raw file, counted on the file's bytes: its physical lines, and how many
-- were the header, blank, landed as rows or set aside (rejects). assert_raw_records_accounted_for checks
-- the landed and quarantined tables against the physical line count.
select
    -- keys
    wave::integer as wave,
    source_file,
    file_name,
    -- counts from the raw file
    physical_lines::bigint as physical_lines,
    header_lines::bigint as header_lines,
    blank_lines::bigint as blank_lines,
    -- the intake's split of the other lines
    landed_records::bigint as landed_records,
    landed_lines::bigint as landed_lines,
    rejected_records::bigint as rejected_records,
    rejected_lines::bigint as rejected_lines
from {{ source('survey', 'file_accounting') }}
