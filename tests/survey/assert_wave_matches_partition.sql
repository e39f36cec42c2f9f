-- The wave of a raw file is its partition folder's (data/raw/wave=<wave>/). A frame, sample or
-- fieldwork row whose own wave column says otherwise was dropped into the wrong folder and stops the
-- build; a response row that does is quarantined instead (int_response_rule_violations).
{% set files = ['frame', 'sample', 'fieldwork'] %}
{% for file in files %}
    select
        source_file,
        declared_wave,
        count(*) as mismatched_rows,
        source_file || ': ' || count(*) || ' rows say wave ' || declared_wave || ', the folder says wave '
        || wave as failure
    from {{ source('survey', file) }}
    where declared_wave != wave::string
    group by source_file, declared_wave, wave
    {% if not loop.last %}union all{% endif %}
{% endfor %}
