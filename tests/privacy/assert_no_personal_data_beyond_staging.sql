-- Personal data never leaves staging: no column of a table or view outside the raw and staging
-- schemas is named after an e-mail address or an enterprise number.
select
    table_schema,
    table_name,
    column_name,
    'column ' || table_schema || '.' || table_name || '.' || column_name
    || ' looks like personal data outside staging' as failure
from information_schema.columns
where
    table_schema not in ('raw', 'staging', 'audit', 'information_schema', 'pg_catalog')
    and (column_name ilike '%email%' or column_name ilike '%enterprise_number%' or column_name ilike '%e_mail%')
