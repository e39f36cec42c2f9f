-- depends_on: {{ ref('codebook_items') }} {{ ref('item_types') }}
-- The questionnaire answers of every received response, wide and as landed text: one row per response,
-- one column per item column of the export (the union over waves: a wave may add or drop items). Typed in
-- fct_respondents once the response is usable, and checked cell by cell in int_response_rule_violations.
-- Its values leave staging only typed (fct_respondents: a usable response has only valid answers) or
-- masked (the quarantine).
-- noqa: disable=LT02
-- (linted with no landing: the item loop renders empty and sqlfluff misjudges its indent)
{%- set items = survey_item_columns() %}
select
    -- keys
    wave::integer as wave,
    source_line::integer as source_line
    {%- for item in items %},
    {{ adapter.quote(item) }}
    {%- endfor %}
from {{ source('survey', 'responses') }}
