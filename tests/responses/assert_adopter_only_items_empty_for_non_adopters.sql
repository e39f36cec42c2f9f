-- depends_on: {{ ref('fct_respondents') }}
-- Response rule: questions asked of adopters only (the wave's codebook: asked_of = 'adopters') carry no
-- answer from a firm that uses no AI technology. Read from the respondents' columns, one check per item.
{%- set items = relation_rows(ref('int_codebook_wave_items'), "select distinct item from {relation} "
                              ~ "where asked_of = 'adopters' order by item") | map(attribute='item')
                | select('in', respondent_columns()) | list %}
{%- for item in items %}
    select
        respondents.wave,
        respondents.respondent_key,
        '{{ item }}' as item,
        'respondent ' || respondents.respondent_key || ' uses no AI technology but answered adopter-only item '
        || '{{ item }}' as failure
    from {{ ref('fct_respondents') }} as respondents
    inner join {{ ref('int_codebook_wave_items') }} as items
        on respondents.wave = items.wave and items.item = '{{ item }}'
    where items.asked_of = 'adopters' and not respondents.is_adopter and respondents.{{ item }} is not null
    union all
{%- endfor %}
select
    null as wave,
    null as respondent_key,
    null as item,
    null as failure
where false
