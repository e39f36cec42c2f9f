-- Every estimate of every report section: per section of seeds/questionnaire/sections.csv, its indicators
-- (seed indicators) for the populations the section lists, in total, per NACE group and per size class.
-- A section or an indicator is added by a seed row; the mart_<section> models are views of this one.
{%- set sections = relation_rows(ref('sections'), "select section, populations from {relation} "
                                 ~ "order by sort_order, section") %}
{#- before the seeds exist (parsing, linting) one section that holds no indicator keeps the SQL whole -#}
{%- if not sections %}{% set sections = [{'section': '(none)', 'populations': 'all_firms'}] %}{% endif %}
{% for section in sections %}
    select * from (
        {{ estimate_indicators(section.section, populations=section.populations.split('|')) }}
    ) as section_{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
