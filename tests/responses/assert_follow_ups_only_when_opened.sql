-- depends_on: {{ ref('fct_respondents') }}
-- Response rule: a follow-up (the wave's codebook: condition_item) is answered only when the answer to
-- its condition opens it, e.g. a cost reduction % only by firms that reduced costs. Read from the
-- respondents' columns, one check per follow-up and condition as the waves' codebooks state them.
{%- set columns = respondent_columns() %}
{%- set follow_ups = relation_rows(ref('int_codebook_wave_items'), "select distinct item, condition_item, "
                                   ~ "condition_codes from {relation} where coalesce(condition_item, '') != '' order by all") %}
{%- for follow_up in follow_ups if follow_up.item in columns and follow_up.condition_item in columns %}
    select
        respondents.wave,
        respondents.respondent_key,
        '{{ follow_up.item }}' as item,
        'respondent ' || respondents.respondent_key || ' answered {{ follow_up.item }} although '
        || '{{ follow_up.condition_item }} = '
        || coalesce(respondents.{{ follow_up.condition_item }}::string, 'no answer') as failure
    from {{ ref('fct_respondents') }} as respondents
    inner join {{ ref('int_codebook_wave_items') }} as items
        on respondents.wave = items.wave and items.item = '{{ follow_up.item }}'
    where
        items.condition_item = '{{ follow_up.condition_item }}'
        and items.condition_codes = '{{ follow_up.condition_codes }}'
        and respondents.{{ follow_up.item }} is not null
        and not coalesce(
            respondents.{{ follow_up.condition_item }} in ({{ follow_up.condition_codes.split('|') | join(', ') }}),
            false
        )
    union all
{%- endfor %}
select
    null as wave,
    null as respondent_key,
    null as item,
    null as failure
where false
