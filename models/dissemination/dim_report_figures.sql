-- Which indicators each figure and table of the report shows, for which population and breakdown (total
-- for a figure; nace_group or size_class for Tables 3-5): the layout the report (aibarometer report)
-- draws from the public estimates. Publication metadata from the transcribed report, not its printed
-- values (those, and how the warehouse reproduces them, stay in the analysts' fct_published_comparison).
select distinct
    wave,
    report_source,
    indicator,
    population,
    breakdown
from {{ ref('stg_reference__published_figures') }}
where report_source like 'figure_%' and breakdown = 'total' or report_source like 'table_%'
