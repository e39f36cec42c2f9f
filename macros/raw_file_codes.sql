{#- The codes a raw file's coded column may hold (seed raw_file_codes: the one list the intake normalises to,
    staging reads and the fieldwork rules name), as rows {code, meaning}; none before the seeds are loaded. -#}
{% macro raw_file_codes(raw_file, column_name) %}
    {{ return(relation_rows(ref('raw_file_codes'), "select code, meaning from {relation} where raw_file = '"
                            ~ raw_file ~ "' and column_name = '" ~ column_name ~ "' order by sort_order")) }}
{% endmacro %}

{#- A coded raw column as the boolean its code means: null for any other text (which the rules quarantine,
    with the raw text kept beside it). -#}
{% macro coded_boolean(expression, raw_file, column_name) -%}
    {%- set codes = raw_file_codes(raw_file, column_name) -%}
    {%- if codes -%}
        case {{ expression }}
        {%- for row in codes %} when '{{ row.code }}' then {{ 'true' if row.meaning else 'false' }}{% endfor %} end
    {%- else -%}
        cast(null as boolean)
    {%- endif -%}
{%- endmacro %}

{#- The codes as words for a rule's detail: 'delivered or bounced'. -#}
{% macro raw_file_code_words(raw_file, column_name) -%}
    {{- raw_file_codes(raw_file, column_name) | map(attribute='code') | join(' or ') -}}
{%- endmacro %}
