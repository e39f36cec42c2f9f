-- depends_on: {{ ref('stg_survey__response_items') }} {{ ref('int_codebook_wave_matrix') }} {{ ref('codebook_items') }}
-- depends_on: {{ ref('codebook_options') }} {{ ref('item_types') }} {{ ref('populations') }}
-- depends_on: {{ ref('int_codebook_wave_items') }} {{ ref('derived_items') }}
-- Every broken response rule, one row per received response row x rule (a row can break several).
-- A response breaking any rule is quarantined (fct_quarantine) rather than estimated from or lost: the
-- rest of its wave goes on. Rules:
--   missing_response_id, duplicate_response_id  the id is empty, or an earlier line of the wave has it
--   wave_mismatch              the row's own wave is not its partition's
--   invalid_enterprise_number  not ten digits with valid Belgian check digits (value withheld: it
--                              identifies the firm)
--   unparseable_number / unparseable_date  a numeric or date cell that does not parse
--   out_of_range               an answer outside its item type's range (seed item_types: employees
--                              0-1,000,000, a percentage 0-100)
--   unknown_answer_code        a coded answer outside the item's option set in that wave's codebook
--   off_route_answer           an answer to a question the wave's codebook did not ask this firm: one
--                              asked of adopters only from a firm that uses no AI technology, or a
--                              follow-up its condition did not open (asked_of, condition_item)
--   invalid_nace_code          a NACE code that is not a NACE Rev. 2 division, group or class (seed
--                              nace_divisions); an empty code is the report's sector_out_of_scope
--   unknown_invitation         the invitation id is empty or not in the wave's sample.csv
--   outside_fieldwork_window   submitted before the first or after the last day of fieldwork the
--                              wave declares in wave_info.csv (not checked when it declares none)
-- The answer rules are declared once: the item types' rules in the seed item_types, the option sets in
-- codebook_options, the routing in the codebook as of the wave. The checkpoint (aibarometer/quality.py)
-- re-checks the accepted answers against the same seeds with its own code, and tests/responses/ check the
-- routing again on fct_respondents.
-- Raw values are kept to 500 characters; personal data in them is masked in staging.
-- noqa: disable=LT02,LT09,ST03
-- (sqlfluff lints this file with its item loops rendered empty, no landing being read: it misjudges the
-- indent of the Jinja around them and sees the CTEs that only the loops read as unused)
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
        case when {{ condition }} then left({{ raw_value }}, 500) end as {{ adapter.quote('raw__' ~ loop.index) }}
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
),

{# one branch per item column: the cell's rules, checked against the wave's codebook (wide form) and the
    rules of its item type -#}
{%- set items = survey_item_columns() %}
{%- set option_sets = relation_rows(ref('codebook_options'), "select option_set, "
                                    ~ ordered_string_agg('code::string', "', '", 'code')
                                    ~ " as codes from {relation} group by option_set order by option_set") %}
{%- set ranged_types = relation_rows(ref('item_types'), "select item_type, min_value, max_value, range_text from "
                                     ~ "{relation} where recorded_as = 'item' and min_value is not null order by all") %}
{%- set whole_types = relation_rows(ref('item_types'), "select item_type from {relation} where recorded_as = 'item' "
                                    ~ "and whole_number order by all") | map(attribute='item_type') | list %}
{#- routing: per item, the waves whose codebook asks it of some firms only, with whom (adopters, non-adopters,
    and for a follow-up the condition) -#}
{%- set routes = relation_rows(ref('int_codebook_wave_items'), "select item, asked_of, coalesce(condition_item, "
                               ~ "'') as condition_item, coalesce(condition_codes, '') as condition_codes, "
                               ~ ordered_string_agg('wave::string', "', '", 'wave') ~ " as waves from {relation} where "
                               ~ "asked_of in (select population from " ~ ref('populations') ~ " where "
                               ~ "is_adopter is not null) or coalesce(condition_item, '') != '' group by all "
                               ~ "order by all") %}
{%- set adopter = '(' ~ count_of(technology_items(), 'try_cast(cells.' ~ adapter.quote('{c}') ~ ' as double) = 1')
                  ~ ') > 0' %}
{#- per item column: the rule its cell breaks first (null: none) and what is wrong, as SQL over the cell
    (cells.) and the wave's codebook columns for it (codebook.) -#}
{%- set checks = [] %}
{%- for item in items %}
    {%- set raw = 'cells.' ~ adapter.quote(item) %}
    {%- set number = 'try_cast(' ~ raw ~ ' as double)' %}
    {%- set option_set = 'codebook.' ~ adapter.quote(item ~ '__option_set') %}
    {%- set item_type = 'codebook.' ~ adapter.quote(item ~ '__item_type') %}
    {%- set code_is_known -%}
        case {{ option_set }}
        {%- for set in option_sets %} when '{{ set.option_set }}' then {{ number }} in ({{ set.codes }}){% endfor %}
        end
    {%- endset %}
    {%- set off_route = [] %}
    {%- for route in routes if route.item == item %}
        {%- set asked = [] %}
        {%- set restricted = in_population(route.asked_of, adopter) != 'true' %}
        {%- do asked.append(in_population(route.asked_of, adopter)) %}
        {%- if route.condition_item %}
            {%- do asked.append('coalesce(try_cast(cells.' ~ adapter.quote(route.condition_item) ~ ' as double) in ('
                ~ route.condition_codes.split('|') | join(', ') ~ '), false)'
                if route.condition_item in items else 'false') %}
        {%- endif %}
        {%- do off_route.append(('cells.wave in (' ~ route.waves ~ ') and not (' ~ (asked | join(' and ')
            or 'true') ~ ')', 'not asked of this firm: the codebook asks it '
            ~ ('of ' ~ route.asked_of | replace('_', '-') ~ ' only' if restricted else '')
            ~ (' and ' if restricted and route.condition_item else '')
            ~ ('when ' ~ route.condition_item ~ ' is ' ~ route.condition_codes | replace('|', ' or ')
               if route.condition_item else ''))) %}
    {%- endfor %}
    {%- set rule_name -%}
        case
            when not codebook.{{ adapter.quote(item ~ '__asked') }} then 'unknown_item'
            when {{ number }} is null then 'unparseable_number'
            when {{ item_type }} in ('{{ whole_types | join("', '") }}') and not {{ is_whole_number(raw) }}
                then 'unparseable_number'
            {%- for type in ranged_types %}
            when {{ item_type }} = '{{ type.item_type }}' and {{ number }} not between {{ type.min_value }} and
                {{- ' ' ~ type.max_value }} then 'out_of_range'
            {%- endfor %}
            when {{ option_set }} is not null and not coalesce({{ code_is_known }}, false)
                then 'unknown_answer_code'
            {%- for condition, _ in off_route %}
            when {{ condition }} then 'off_route_answer'
            {%- endfor %}
        end
    {%- endset %}
    {%- set problem -%}
        case
            when not codebook.{{ adapter.quote(item ~ '__asked') }} then 'not an item of this wave''s codebook'
            when {{ number }} is null then 'not a number'
            when {{ item_type }} in ('{{ whole_types | join("', '") }}') and not {{ is_whole_number(raw) }}
                then 'not a whole-number ' || case when {{ option_set }} is not null then 'code' else 'number' end
            {%- for type in ranged_types %}
            when {{ item_type }} = '{{ type.item_type }}' and {{ number }} not between {{ type.min_value }} and
                {{- ' ' ~ type.max_value }} then '{{ type.item_type }} outside {{ type.range_text }}'
            {%- endfor %}
            when {{ option_set }} is not null and not coalesce({{ code_is_known }}, false)
                then 'code not in option set ' || {{ option_set }}
            {%- for condition, text in off_route %}
            when {{ condition }} then '{{ text }}'
            {%- endfor %}
        end
    {%- endset %}
    {%- do checks.append({'item': item, 'raw': raw, 'option_set': option_set, 'rule_name': rule_name,
                          'problem': problem}) %}
{%- endfor %}

-- one pass over the wide answers: the rule each answered cell breaks (null: none), for the rows where one
-- does; then the few such rows with what is wrong, one row per broken cell (the SQL standard's unpivot: no
-- respondent x item table is formed, and Spark plans one pass, not a branch per item)
checked_cells as (
    select
        cells.*
        {%- for check in checks %},
        case when {{ check.raw }} is not null then {{ check.rule_name }} end
            as {{ adapter.quote('rule__' ~ loop.index) }}
        {%- endfor %}
    from {{ wave_ref('stg_survey__response_items') }} as cells
    inner join {{ wave_ref('int_codebook_wave_matrix') }} as codebook
        on cells.wave = codebook.wave
),

flagged_cells as (
    select * from checked_cells
    where
        false
        {%- for check in checks %}
        or {{ adapter.quote('rule__' ~ loop.index) }} is not null
        {%- endfor %}
),

answer_cells as (
    select
        cells.wave,
        cells.source_line
        {%- for check in checks %},
        {{ check.raw }} as {{ adapter.quote('raw__' ~ loop.index) }},
        {{ check.option_set }} as {{ adapter.quote('option_set__' ~ loop.index) }},
        cells.{{ adapter.quote('rule__' ~ loop.index) }},
        case when cells.{{ adapter.quote('rule__' ~ loop.index) }} is not null then {{ check.problem }} end
            as {{ adapter.quote('problem__' ~ loop.index) }}
        {%- endfor %}
    from flagged_cells as cells
    inner join {{ wave_ref('int_codebook_wave_matrix') }} as codebook
        on cells.wave = codebook.wave
),

answer_checks as (
    {%- if checks %}
    select
        wave,
        source_line,
        item,
        raw_answer,
        option_set,
        rule_name,
        problem
    from answer_cells
    -- include nulls: a broken cell may have no option set (DuckDB would drop the row)
    unpivot include nulls ((raw_answer, option_set, rule_name, problem) for item in (
        {%- for check in checks %}
        ({{ adapter.quote('raw__' ~ loop.index) }}, {{ adapter.quote('option_set__' ~ loop.index) }},
            {{- ' ' ~ adapter.quote('rule__' ~ loop.index) }}, {{ adapter.quote('problem__' ~ loop.index) }})
            as {{ adapter.quote(check.item) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    ))
    where rule_name is not null
    {%- else %}
    -- no item columns landed yet (parsing, linting)
    select
        null::integer as wave,
        null::integer as source_line,
        null::string as item,
        null::string as raw_answer,
        null::string as option_set,
        null::string as rule_name,
        null::string as problem
    where false
    {%- endif %}
),

-- masked after filtering: only the few broken answers pay for the patterns
answer_violations as (
    select
        answer_checks.wave,
        responses.source_file,
        answer_checks.source_line,
        responses.source_line_end,
        responses.response_id,
        answer_checks.rule_name,
        answer_checks.item || ': ' || answer_checks.problem as detail,
        left({{ mask_personal_data('answer_checks.raw_answer') }}, 500) as raw_value
    from answer_checks
    inner join responses
        on answer_checks.wave = responses.wave and answer_checks.source_line = responses.source_line
    where answer_checks.rule_name is not null
)

select * from profile_violations
union all
select * from answer_violations
