-- Every broken response rule, one row per received response row x rule (a row can break several).
-- A response breaking any rule is quarantined (fct_quarantine) rather than estimated from or lost: the
-- rest of its wave goes on. Rules:
--   missing_response_id, duplicate_response_id  the id is empty, or an earlier line of the wave has it
--   wave_mismatch              the row's own wave is not its partition's
--   invalid_enterprise_number  not ten digits with valid Belgian check digits (value withheld: it
--                              identifies the firm)
--   unparseable_number / unparseable_date  a numeric or date cell that does not parse
--   out_of_range               employees below 0 or above 1,000,000; a percentage outside 0-100
--   unknown_answer_code        a coded answer outside the item's option set in that wave's codebook
with

responses as (
    select
        *,
        row_number() over (partition by wave, response_id order by source_line) as id_occurrence
    from {{ wave_ref('stg_survey__responses') }}
),

answers as (
    select * from {{ wave_ref('stg_survey__answers') }}
),

items as (
    select * from {{ wave_ref('int_codebook_wave_items') }}
),

options as (
    select * from {{ ref('codebook_options') }}
),

{#- one row per profile rule: name, the condition that breaks it, detail (SQL), raw value (SQL) -#}
{%- set profile_rules = [
    ('missing_response_id', "coalesce(trim(response_id), '') = ''",
        "'response_id is empty'", 'response_id'),
    ('duplicate_response_id', 'id_occurrence > 1',
        "'response_id already used on an earlier line of this wave'", 'response_id'),
    ('wave_mismatch', 'declared_wave is distinct from wave::varchar',
        "'wave column says ' || coalesce(declared_wave, '(empty)') || ', the partition is wave=' || wave",
        'declared_wave'),
    ('invalid_enterprise_number', 'not has_valid_enterprise_number',
        "'enterprise_number is not a valid Belgian enterprise number (check digits)'",
        "'(withheld: identifies the firm)'"),
    ('unparseable_number', 'raw_employees is not null and employees is null',
        "'employees is not a whole number'", 'raw_employees'),
    ('out_of_range', 'employees not between 0 and 1000000',
        "'employees outside 0-1,000,000'", 'raw_employees'),
    ('unparseable_date', 'raw_submitted_at is not null and submitted_at is null',
        "'submitted_at is not a date-time'", 'raw_submitted_at'),
] %}

profile_violations as (
    {%- for rule_name, condition, detail, raw_value in profile_rules %}
        select
            wave,
            source_file,
            source_line,
            response_id,
            '{{ rule_name }}' as rule_name,
            {{ detail }} as detail,
            {{ raw_value }} as raw_value
        from responses
        where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

answer_violations as (
    select
        answers.wave,
        responses.source_file,
        answers.source_line,
        answers.response_id,
        case
            when items.item is null then 'unknown_item'
            when answers.answer_value is null then 'unparseable_number'
            when items.item_type = 'percentage' and answers.answer_value not between 0 and 100 then 'out_of_range'
            when items.option_set is not null and options.code is null then 'unknown_answer_code'
        end as rule_name,
        answers.item || ': ' || case
            when items.item is null then 'not an item of this wave''s codebook'
            when answers.answer_value is null then 'not a number'
            when items.item_type = 'percentage' and answers.answer_value not between 0 and 100
                then 'percentage outside 0-100'
            else 'code not in option set ' || items.option_set
        end as detail,
        answers.raw_answer as raw_value
    from answers
    inner join responses
        on answers.wave = responses.wave and answers.source_line = responses.source_line
    left join items
        on answers.wave = items.wave and answers.item = items.item
    left join options
        on items.option_set = options.option_set and answers.answer_value = options.code
)

select * from profile_violations
union all
select * from answer_violations
where rule_name is not null
