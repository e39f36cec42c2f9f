-- depends_on: {{ ref('stg_survey__response_items') }} {{ ref('int_codebook_wave_matrix') }} {{ ref('codebook_items') }}
-- depends_on: {{ ref('codebook_options') }} {{ ref('item_types') }} {{ ref('populations') }}
-- depends_on: {{ ref('int_codebook_wave_items') }} {{ ref('derived_items') }}
-- The answer rules, one row per received row x broken answer cell (int_response_rule_violations unions them
-- with the profile rules). Each cell is checked against the wave's codebook and its item type, and reports
-- the first rule it breaks:
--   unknown_item               an answer column the wave's codebook does not have
--   unparseable_number         not a number, or not a whole number where the item type wants one
--   out_of_range               an answer outside its item type's range (seed item_types: a percentage 0-100)
--   unknown_answer_code        a coded answer outside the item's option set in that wave's codebook
--   off_route_answer           an answer to a question the wave's codebook did not ask this firm: one
--                              asked of adopters only from a firm that uses no AI technology, or a
--                              follow-up its condition did not open (asked_of, condition_item)
-- The answer rules are declared once: the item types' rules in the seed item_types, the option sets in
-- codebook_options, the routing in the codebook as of the wave. The checkpoint (aibarometer/quality.py)
-- re-checks the accepted answers against the same seeds with its own code, and tests/responses/ check the
-- routing again on fct_respondents. Raw values are kept to {{ var('raw_value_chars') }} characters, masked
-- for personal data.
-- noqa: disable=LT02,LT09,ST03
-- (sqlfluff lints this file with its item loops rendered empty, no landing being read: it misjudges the
-- indent of the Jinja around them and sees the CTEs that only the loops read as unused)
with

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
    {#- the cell's rules in the order they are checked: the first that holds is the one reported -#}
    {%- set rules = [{'condition': 'not codebook.' ~ adapter.quote(item ~ '__asked'), 'rule_name': "'unknown_item'",
                      'problem': "'not an item of this wave''s codebook'"},
                     {'condition': number ~ ' is null', 'rule_name': "'unparseable_number'",
                      'problem': "'not a number'"},
                     {'condition': item_type ~ " in ('" ~ whole_types | join("', '") ~ "') and not "
                                   ~ is_whole_number(raw),
                      'rule_name': "'unparseable_number'",
                      'problem': "'not a whole-number ' || case when " ~ option_set
                                 ~ " is not null then 'code' else 'number' end"}] %}
    {%- for type in ranged_types %}
        {%- do rules.append({'condition': item_type ~ " = '" ~ type.item_type ~ "' and " ~ number ~ ' not between '
                                          ~ type.min_value ~ ' and ' ~ type.max_value,
                             'rule_name': "'out_of_range'",
                             'problem': "'" ~ type.item_type ~ ' outside ' ~ type.range_text ~ "'"}) %}
    {%- endfor %}
    {%- do rules.append({'condition': option_set ~ ' is not null and not coalesce(' ~ code_is_known ~ ', false)',
                         'rule_name': "'unknown_answer_code'",
                         'problem': "'code not in option set ' || " ~ option_set}) %}
    {%- for condition, text in off_route %}
        {%- do rules.append({'condition': condition, 'rule_name': "'off_route_answer'", 'problem': "'" ~ text ~ "'"}) %}
    {%- endfor %}
    {%- do checks.append({'item': item, 'raw': raw, 'option_set': option_set,
                          'rule_name': first_broken_rule(rules, 'rule_name'),
                          'problem': first_broken_rule(rules, 'problem')}) %}
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
        left({{ mask_personal_data('answer_checks.raw_answer') }}, {{ var('raw_value_chars') }}) as raw_value
    from answer_checks
    inner join {{ wave_ref('stg_survey__responses') }} as responses
        on answer_checks.wave = responses.wave and answer_checks.source_line = responses.source_line
    where answer_checks.rule_name is not null
)

select * from answer_violations
