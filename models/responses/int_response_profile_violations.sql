-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }}
-- The response rules on a received row's profile (every rule but the answers'), one row per row x broken
-- rule (a row can break several): int_response_rule_violations unions them with the answer rules.
--   missing_response_id, duplicate_response_id  the id is empty, or an earlier line of the wave has it
--   wave_mismatch              the row's own wave is not its partition's
--   invalid_enterprise_number  not ten digits with valid Belgian check digits (value withheld: it
--                              identifies the firm)
--   unparseable_number / unparseable_date  the employees or submission cell does not parse
--   out_of_range               employees outside its item type's range (seed item_types: 0-1,000,000)
--   invalid_nace_code          a NACE code that is not a NACE Rev. 2 division, group or class (seed
--                              nace_divisions); an empty code is the report's sector_out_of_scope
--   unknown_invitation         the invitation id is empty or not in the wave's sample.csv
--   outside_fieldwork_window   submitted before the first or after the last day of fieldwork the
--                              wave declares in wave_info.csv
--   implausible_submission_date  where the wave declares no window: submitted before 1 January of the
--                              wave's year or after the end of year wave + var submission_years_after_wave
--                              ({{ var('submission_years_after_wave') }}: a survey's fieldwork ends within
--                              a year of its reference year)
-- Raw values are kept to {{ var('raw_value_chars') }} characters; personal data in them is masked in staging.
-- noqa: disable=LT02
-- (sqlfluff misjudges the indent of the Jinja loops over the rules)
with

responses as (
    select
        received.*,
        row_number() over (partition by received.wave, received.response_id order by received.source_line)
            as id_occurrence,
        divisions.division is not null as has_known_nace_division,
        invitations.invitation_id is not null as is_linked,
        wave_info.fieldwork_start,
        wave_info.fieldwork_end
    from {{ wave_ref('stg_survey__responses') }} as received
    left join {{ ref('nace_divisions') }} as divisions
        on received.nace_division = divisions.division
    left join {{ wave_ref('int_invitations') }} as invitations
        on received.wave = invitations.wave and received.invitation_id = invitations.invitation_id
    left join {{ wave_ref('stg_survey__wave_info') }} as wave_info
        on received.wave = wave_info.wave
),

{#- the range of the employees item's type (seed item_types; before the seeds are loaded: none) -#}
{%- set employees_rule = (relation_rows(ref('item_types'), "select types.min_value, types.max_value, "
                          ~ "types.range_text from {relation} as types inner join " ~ ref('codebook_items')
                          ~ " as items on items.item_type = types.item_type where items.item = 'employees'")
                          or [{'min_value': 'null', 'max_value': 'null', 'range_text': ''}])[0] %}
{#- one row per profile rule: name, the condition that breaks it, detail (SQL), raw value (SQL) -#}
{%- set profile_rules = [
    ('missing_response_id', "coalesce(trim(response_id), '') = ''",
        "'response_id is empty'", 'response_id'),
    ('duplicate_response_id', 'id_occurrence > 1',
        "'response_id already used on an earlier line of this wave'", 'response_id'),
    ('wave_mismatch', '(declared_wave is distinct from wave::string)',
        "'wave column says ' || coalesce(declared_wave, '(empty)') || ', the partition is wave=' || wave",
        'declared_wave'),
    ('invalid_enterprise_number', 'not has_valid_enterprise_number',
        "'enterprise_number is not a valid Belgian enterprise number (check digits)'",
        "'(withheld: identifies the firm)'"),
    ('unparseable_number', 'raw_employees is not null and employees is null',
        "'employees is not a whole number' || case
            when " ~ matches_pattern('trim(raw_employees)', '[0-9]{1,3}([., \\x{00A0}][0-9]{3})+') ~ "
                then ' (a thousands separator? write 1504, not 1.504: the count is not guessed)'
            when " ~ matches_pattern('trim(raw_employees)', '[0-9]*[.,][0-9]+') ~ "
                then ' (a count of employees has no fraction: it is not rounded)'
            else ''
        end", 'raw_employees'),
    ('out_of_range', 'employees not between ' ~ employees_rule.min_value ~ ' and ' ~ employees_rule.max_value,
        "'employees outside " ~ employees_rule.range_text ~ "'", 'raw_employees'),
    ('unparseable_date', 'raw_submitted_at is not null and submitted_at is null',
        "'submitted_at is not a date-time'", 'raw_submitted_at'),
    ('invalid_nace_code', 'nace_code is not null and not has_known_nace_division',
        "'nace_code is not a NACE Rev. 2 code (a division of two digits, optionally .group or .class, e.g. 43.21)'",
        'nace_code'),
    ('unknown_invitation', 'not is_linked',
        "'invitation ' || coalesce(invitation_id, '(empty)') || ' is not in sample.csv of this wave'",
        'invitation_id'),
    ('outside_fieldwork_window',
        'submitted_at < fieldwork_start or submitted_at >= fieldwork_end + interval 1 day',
        "'submitted outside the fieldwork window ' || fieldwork_start || ' to ' || fieldwork_end || ' (wave_info.csv)'",
        'raw_submitted_at'),
    ('implausible_submission_date',
        'fieldwork_start is null and fieldwork_end is null and (submitted_at < make_date(wave, 1, 1) or '
        ~ 'submitted_at >= make_date(wave + ' ~ (var('submission_years_after_wave') | int + 1) ~ ', 1, 1))',
        "'submitted ' || cast(cast(submitted_at as date) as string) || ', implausible for wave ' || wave || "
        ~ "' (no fieldwork window in wave_info.csv: a submission falls between 1 January ' || wave || "
        ~ "' and 31 December ' || (wave + " ~ (var('submission_years_after_wave') | int) ~ ") || ')'",
        'raw_submitted_at'),
] %}

-- one pass over the responses: the rows that break any rule, with each rule's name (null: not broken),
-- detail and raw value side by side, then one row per broken rule (the SQL standard's unpivot: a union
-- of a branch per rule made Spark plan the responses again for each)
profile_checked as (
    select
        wave,
        source_file,
        source_line,
        source_line_end,
        response_id
        {%- for rule_name, condition, detail, raw_value in profile_rules %},
        case when {{ condition }} then '{{ rule_name }}' end as {{ adapter.quote('rule__' ~ loop.index) }},
        case when {{ condition }} then {{ detail }} end as {{ adapter.quote('detail__' ~ loop.index) }},
        case when {{ condition }} then left({{ raw_value }}, {{ var('raw_value_chars') }}) end
            as {{ adapter.quote('raw__' ~ loop.index) }}
        {%- endfor %}
    from responses
    where
        {%- for rule_name, condition, detail, raw_value in profile_rules %}
            {% if not loop.first %}or {% endif %}coalesce({{ condition }}, false)
        {%- endfor %}
),

profile_violations as (
    select
        wave,
        source_file,
        source_line,
        source_line_end,
        response_id,
        rule_name,
        detail,
        raw_value
    from profile_checked
    -- include nulls: a broken rule may have no raw value (DuckDB would drop the row)
    unpivot include nulls ((rule_name, detail, raw_value) for rule_number in (
        {%- for rule in profile_rules %}
        ({{ adapter.quote('rule__' ~ loop.index) }}, {{ adapter.quote('detail__' ~ loop.index) }},
            {{- ' ' ~ adapter.quote('raw__' ~ loop.index) }}) as {{ adapter.quote(loop.index | string) }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ))
    where rule_name is not null
)

select * from profile_violations
