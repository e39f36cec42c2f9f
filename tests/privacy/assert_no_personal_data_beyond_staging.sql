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
{%- set columns = columns_outside_staging() -%}
{%- set wave_tables = [] -%}
{%- for c in columns if c.column == 'wave' -%}
    {%- do wave_tables.append(c.schema ~ '.' ~ c.table) -%}
{%- endfor %}
{#- an append scans the waves it builds (the others were scanned when they were built) -#}
{%- set waves = build_waves() %}
with

values_ as (
    {%- for c in columns if c.is_text %}
        select
            '{{ c.schema }}.{{ c.table }}.{{ c.column }}' as column_location,
            {{ adapter.quote(c.column) }}::string as text_value
        from {{ adapter.quote(c.schema) }}.{{ adapter.quote(c.table) }}
        -- one cheap pattern first: an @, or nine or more digits with separators
        where
            {{ contains_pattern(adapter.quote(c.column), '@|[0-9][0-9 ./-]{7,}[0-9]') }}
            {%- if waves is not none and (c.schema ~ '.' ~ c.table) in wave_tables %}
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
        {{ contains_pattern('text_value', '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]+') }} as has_email,
        {{ contains_pattern('text_value', '(^|[^0-9A-Za-z])([+]|00)[ ]?32([ ./-]?[0-9]){8,9}($|[^0-9])') }}
        or {{ contains_pattern(
            'text_value', '(^|[^0-9A-Za-z:.-])0[1-9][0-9]{0,2}[ /.][0-9]{2,3}[ .]?[0-9]{2}[ .]?[0-9]{2}($|[^0-9:])'
        ) }} as has_phone,
        {{ has_valid_enterprise_number('text_value',
                                       '(^|[^0-9A-Za-z])((BE)?[ ]?[0-9][0-9 .-]{7,12}[0-9])($|[^0-9A-Za-z:])') }}
            as has_enterprise_number
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
where has_email or has_phone or has_enterprise_number
{%- if columns %}
union all
select
    column_location,
    'column ' || column_location || ' is named like personal data outside staging' as failure
from (
    values
    {%- for c in columns %}
        ('{{ c.schema }}.{{ c.table }}.{{ c.column }}', '{{ c.column }}'){% if not loop.last %},{% endif %}
    {%- endfor %}
) as catalog_columns (column_location, column_name)
where column_name ilike '%email%' or column_name ilike '%enterprise_number%' or column_name ilike '%e_mail%'
{%- endif %}
