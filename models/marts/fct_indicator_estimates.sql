-- Every estimate of every section: the union of the section marts.
{% set sections = ['adoption', 'barriers', 'knowledge', 'applications', 'sources', 'budget', 'impact',
                   'employment', 'policy'] %}
{% for section in sections %}
    select * from {{ wave_ref('mart_' ~ section) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
