-- depends_on: {{ ref('codebook_items') }} {{ ref('derived_items') }}
-- Table 4 as the report prints it: share of firms using each AI technology per size class (%).
{{ technologies_table('size_class') }}
