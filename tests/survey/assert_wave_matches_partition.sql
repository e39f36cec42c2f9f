-- The wave of a raw file comes from its partition folder (data/raw/wave=<wave>/); a row whose own
-- wave column says otherwise was dropped into the wrong folder.
{% set files = ['frame', 'sample', 'fieldwork', 'responses'] %}
{% for file in files %}
    select
        '{{ file }}.csv' as raw_file,
        filename,
        wave as row_wave,
        count(*) as mismatched_rows,
        filename || ': ' || count(*) || ' rows say wave ' || wave || ', the folder says wave '
        || regexp_extract(filename, 'wave=([0-9]+)', 1) as failure
    from {{ source('survey', file) }}
    where wave != regexp_extract(filename, 'wave=([0-9]+)', 1)
    group by filename, wave
    {% if not loop.last %}union all{% endif %}
{% endfor %}
