-- depends_on: {{ ref('raw_file_codes') }}
-- Every broken rule of the sample and fieldwork files, one row per landed line x rule. A line breaking a
-- rule is quarantined (fct_quarantine) and not counted; documented rules:
--   sample.csv
--     duplicate_invitation_id    the invitation id is on an earlier line of the sample: the earlier line
--                                 counts, the later one is set aside
--     duplicate_firm_in_sample   the same enterprise (valid enterprise number) was sampled on an earlier
--                                 line under another invitation: the firm counts once, in its first
--                                 invitation's stratum; responses through the later invitation still link
--                                 to the firm (int_invitations.counted_invitation_id)
--   fieldwork.csv
--     unknown_invitation         the invitation is not in the sample
--     duplicate_invitation_id    a second fieldwork line for the invitation
--     unknown_code               delivery_status not delivered/bounced, phone_follow_up not true/false
--     unparseable_number         reminders_sent is not a whole number
-- An invitation whose fieldwork line is set aside counts as not reached unless a response came back
-- through it (fct_fieldwork_funnel).
with

sample as (
    select
        *,
        row_number() over (partition by wave, invitation_id order by source_line) as id_occurrence,
        row_number() over (
            partition by wave, case when has_valid_enterprise_number then firm_key else invitation_id end
            order by source_line
        ) as firm_occurrence
    from {{ wave_ref('stg_survey__sample') }}
),

fieldwork as (
    select
        *,
        row_number() over (partition by wave, invitation_id order by source_line) as id_occurrence
    from {{ wave_ref('stg_survey__fieldwork') }}
),

{#- one row per rule: file, rule name, condition, detail (SQL), raw value (SQL) -#}
{%- set rules = [
    ('sample', 'duplicate_invitation_id', 'id_occurrence > 1',
        "'invitation ' || coalesce(invitation_id, '(empty)') || ' is on an earlier line of sample.csv'",
        'invitation_id'),
    ('sample', 'duplicate_firm_in_sample', 'id_occurrence = 1 and firm_occurrence > 1',
        "'the enterprise of invitation ' || invitation_id || ' was sampled on an earlier line: it counts once'",
        "'(withheld: identifies the firm)'"),
    ('fieldwork', 'unknown_invitation', 'not exists (select 1 from sample where sample.wave = fieldwork.wave '
        ~ 'and sample.invitation_id = fieldwork.invitation_id)',
        "'invitation ' || coalesce(invitation_id, '(empty)') || ' is not in sample.csv'", 'invitation_id'),
    ('fieldwork', 'duplicate_invitation_id', 'id_occurrence > 1',
        "'a second fieldwork line for invitation ' || coalesce(invitation_id, '(empty)')", 'invitation_id'),
    ('fieldwork', 'unknown_code', 'is_delivered is null',
        "'delivery_status is not " ~ raw_file_code_words('fieldwork', 'delivery_status') ~ "'", 'raw_delivery_status'),
    ('fieldwork', 'unknown_code', 'raw_phone_follow_up is not null and had_phone_follow_up is null',
        "'phone_follow_up is not " ~ raw_file_code_words('fieldwork', 'phone_follow_up') ~ "'", 'raw_phone_follow_up'),
    ('fieldwork', 'unparseable_number', 'raw_reminders_sent is not null and reminders_sent is null',
        "'reminders_sent is not a whole number'", 'raw_reminders_sent'),
] %}

violations as (
    {%- for file, rule_name, condition, detail, raw_value in rules %}
        select
            wave,
            source_file,
            source_line,
            source_line_end,
            invitation_id,
            '{{ rule_name }}' as rule_name,
            {{ detail }} as detail,
            left({{ raw_value }}, {{ var('raw_value_chars') }}) as raw_value
        from {{ file }}
        where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from violations
