-- depends_on: {{ ref('codebook_items') }} {{ ref('derived_items') }}
-- Table 3 as the report prints it: share of firms using each AI technology per NACE group (%).
{{ technologies_table('nace_group') }}
