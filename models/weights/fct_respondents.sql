-- depends_on: {{ ref('codebook_items') }}
-- One row per usable respondent and wave: stratum, design weight, adopter status and one column per
-- questionnaire item (coded as in codebook_options; percentages as reported), plus a boolean per AI
-- technology. Columns come from the codebook; the contract in _weights__models.yml pins them.
{% set items = codebook_items(exclude_types=['enterprise_number', 'count', 'nace_code']) %}
{#- the firm profile is typed in staging; the enterprise number never leaves it -#}
{% set technologies = ['text_analysis', 'speech_recognition', 'natural_language_generation',
                       'image_recognition', 'machine_learning', 'process_automation', 'autonomous_machines'] %}
with

respondents as (
    select * from {{ wave_ref('int_respondents_weighted') }}
),

answers as (
    select * from {{ wave_ref('int_respondent_answers') }}
),

wide as (
    select
        wave,
        respondent_key{% for item in items %},
        max(answer_value) filter (where item = '{{ item }}') as {{ item }}{% endfor %}
    from answers
    group by wave, respondent_key
)

select
    respondents.wave,
    respondents.respondent_key,
    respondents.nace_group,
    respondents.size_class,
    respondents.design_weight,
    respondents.stratum_population,
    respondents.stratum_respondents,
    respondents.is_adopter,
    profile.employees,
    profile.nace_code,
    {% for item in items %}
        {% if item.endswith('_pct') %}
            wide.{{ item }}
        {%- else %}
            wide.{{ item }}::integer
        {%- endif %} as {{ item }},
    {% endfor %}
    {% for technology in technologies %}
        coalesce(wide.tech_{{ technology }} = 1, false) as uses_{{ technology }}{% if not loop.last %},{% endif %}
    {% endfor %}
from respondents
inner join {{ wave_ref('int_responses_classified') }} as profile
    on respondents.respondent_key = profile.wave || ':' || profile.response_id
left join wide
    on respondents.wave = wide.wave and respondents.respondent_key = wide.respondent_key
