-- Table-total check: every printed row, column and grand total of Tables 1 and 2 equals the sum
-- of its cells, unless ref_errata documents that exact disagreement. One row per failure.
select
    wave,
    report_table,
    count_kind,
    margin,
    margin_value,
    printed_total,
    cell_sum,
    status,
    report_table || ' ' || count_kind || ' total for ' || margin || ' ' || margin_value
    || ': printed ' || coalesce(printed_total::string, 'nothing')
    || ', cells add up to ' || coalesce(cell_sum::string, 'nothing')
    || ' (' || status || ')' as failure
from {{ ref('int_printed_totals_reconciled') }}
where status not in ('matches', 'documented_erratum')
