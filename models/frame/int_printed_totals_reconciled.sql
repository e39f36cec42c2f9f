-- Each printed margin of Tables 1 and 2 next to the sum of the cells it totals.
-- status: 'matches', 'documented_erratum' (the cells disagree exactly as ref_errata says),
-- or a failure the table-total test reports.
with

cells as (
    -- one row per stratum x count of Tables 1 and 2
    select
        wave,
        nace_group,
        size_class,
        case count_column when 'usable_responses' then 'table_2' else 'table_1' end as report_table,
        case count_column
            when 'population_firms' then 'population'
            when 'sampled_firms' then 'sample'
            else 'responses'
        end as count_kind,
        n
    -- the SQL standard's unpivot, which DuckDB and Spark both read
    from {{ ref('stg_reference__frame_strata') }}
    unpivot (n for count_column in (population_firms, sampled_firms, usable_responses))
),

cell_sums as (
    select
        wave,
        report_table,
        count_kind,
        'size' as margin,
        size_class as margin_value,
        sum(n) as cell_sum
    from cells
    group by wave, report_table, count_kind, size_class
    union all
    select
        wave,
        report_table,
        count_kind,
        'sector' as margin,
        nace_group as margin_value,
        sum(n) as cell_sum
    from cells
    group by wave, report_table, count_kind, nace_group
    union all
    select
        wave,
        report_table,
        count_kind,
        'total' as margin,
        'all' as margin_value,
        sum(n) as cell_sum
    from cells
    group by wave, report_table, count_kind
),

printed as (
    select * from {{ ref('stg_reference__printed_totals') }}
),

errata as (
    select * from {{ ref('stg_reference__errata') }}
),

joined as (
    select
        coalesce(p.wave, c.wave) as wave,
        coalesce(p.report_table, c.report_table) as report_table,
        coalesce(p.count_kind, c.count_kind) as count_kind,
        coalesce(p.margin, c.margin) as margin,
        coalesce(p.margin_value, c.margin_value) as margin_value,
        p.printed_total,
        c.cell_sum,
        e.corrected_value as erratum_corrected_value,
        e.reason as erratum_reason
    from printed as p
    full outer join cell_sums as c
        on
            p.wave = c.wave
            and p.report_table = c.report_table
            and p.count_kind = c.count_kind
            and p.margin = c.margin
            and p.margin_value = c.margin_value
    left join errata as e
        on
            coalesce(p.wave, c.wave) = e.wave
            and coalesce(p.report_table, c.report_table) = e.report_table
            and coalesce(p.count_kind, c.count_kind) = e.count_kind
            and coalesce(p.margin, c.margin) = e.margin
            and coalesce(p.margin_value, c.margin_value) = e.margin_value
)

select
    *,
    case
        when printed_total is null then 'margin_not_printed'
        when cell_sum is null then 'no_cells_for_margin'
        when erratum_corrected_value is not null and printed_total = cell_sum
            then 'erratum_no_longer_needed'
        when erratum_corrected_value is not null and cell_sum = erratum_corrected_value
            then 'documented_erratum'
        when erratum_corrected_value is not null then 'cells_differ_from_erratum'
        when printed_total = cell_sum then 'matches'
        else 'mismatch'
    end as status
from joined
