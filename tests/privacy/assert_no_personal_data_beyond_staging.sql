-- Personal data never leaves staging, judged by VALUES, not column names: every text column of every
-- table and view outside the raw, staging and audit schemas is scanned for e-mail addresses, Belgian
-- enterprise numbers (nine or ten digits, any separators, with valid check digits) and phone numbers.
-- The patterns are this test's own, deliberately not the masking macro's, so a gap in one is not
-- hidden by the same gap in the other. A column named like personal data fails too.
-- Runs after every model it scans:
-- depends_on: {{ ref('fct_quarantine') }} {{ ref('fct_fieldwork_funnel') }} {{ ref('dim_waves') }}
-- depends_on: {{ ref('fct_respondents') }} {{ ref('fct_indicator_estimates') }} {{ ref('fct_indicator_trends') }}
-- depends_on: {{ ref('fct_published_comparison') }} {{ ref('fct_eurostat_benchmark') }}
-- depends_on: {{ ref('int_invitations') }}
-- depends_on: {{ ref('int_indicator_stratum_sums') }} {{ ref('int_frame_strata') }}
-- depends_on: {{ ref('int_printed_totals_reconciled') }}
{%- set text_columns = [] -%}
{%- set wave_tables = [] -%}
{%- if execute -%}
    {%- set found = run_query(
        "select table_schema, table_name, column_name, data_type from information_schema.columns
         where table_catalog = current_database()
             and table_schema not in ('raw', 'staging', 'audit', 'information_schema', 'pg_catalog')
         order by table_schema, table_name, column_name") -%}
    {%- for schema, table, column, data_type in found.rows -%}
        {%- if data_type == 'VARCHAR' -%}
            {%- do text_columns.append((schema, table, column)) -%}
        {%- endif -%}
        {%- if column == 'wave' -%}
            {%- do wave_tables.append(schema ~ '.' ~ table) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}
{#- an append scans the waves it builds (the others were scanned when they were built) -#}
{%- set waves = build_waves() %}
with

values_ as (
    {%- for schema, table, column in text_columns %}
        select
            '{{ schema }}.{{ table }}.{{ column }}' as column_location,
            "{{ column }}"::string as text_value
        from "{{ schema }}"."{{ table }}"
        -- one cheap pattern first: an @, or nine or more digits with separators
        where
            regexp_matches("{{ column }}", '@|[0-9][0-9 ./-]{7,}[0-9]')
            {%- if waves is not none and (schema ~ '.' ~ table) in wave_tables %}
                and wave in ({{ (waves | join(', ')) or 'null' }})
            {%- endif %}
        union all
    {%- endfor %}
    select
        null as column_location,
        null as text_value
    where false
),

candidates as (
    select
        column_location,
        text_value,
        regexp_matches(text_value, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]+') as has_email,
        regexp_matches(
            text_value, '(^|[^0-9A-Za-z])([+]|00)[ ]?32([ ./-]?[0-9]){8,9}($|[^0-9])'
        ) or regexp_matches(
            text_value, '(^|[^0-9A-Za-z:.-])0[1-9][0-9]{0,2}[ /.][0-9]{2,3}[ .]?[0-9]{2}[ .]?[0-9]{2}($|[^0-9:])'
        ) as has_phone,
        list_filter(
            regexp_extract_all(text_value, '(^|[^0-9A-Za-z])((BE)?[ ]?[0-9][0-9 .-]{7,12}[0-9])($|[^0-9A-Za-z:])', 2),
            lambda candidate: length(regexp_replace(candidate, '[^0-9]', '', 'g')) in (9, 10)
            and 97 - (try_cast(left(lpad(regexp_replace(candidate, '[^0-9]', '', 'g'), 10, '0'), 8) as bigint) % 97)
            = try_cast(right(regexp_replace(candidate, '[^0-9]', '', 'g'), 2) as integer)
        ) as enterprise_numbers
    from values_
)

select
    column_location,
    'personal data outside staging in ' || column_location || ': '
    || case
        when has_email then 'an e-mail address'
        when has_phone then 'a phone number'
        else 'an enterprise number'
    end as failure
from candidates
where has_email or has_phone or len(enterprise_numbers) > 0
union all
select
    table_schema || '.' || table_name || '.' || column_name as column_location,
    'column ' || table_schema || '.' || table_name || '.' || column_name
    || ' is named like personal data outside staging' as failure
from information_schema.columns
where
    table_schema not in ('raw', 'staging', 'audit', 'information_schema', 'pg_catalog')
    and (column_name ilike '%email%' or column_name ilike '%enterprise_number%' or column_name ilike '%e_mail%')
