-- Which indicators each figure of the report shows, and for which population: the layout the report
-- (aibarometer report) draws from the public estimates. Publication metadata from the transcribed
-- report, not its printed values (those, and how the warehouse reproduces them, stay in the analysts'
-- fct_published_comparison).
select distinct
    wave,
    report_source,
    indicator,
    population
from {{ ref('stg_reference__published_figures') }}
where breakdown = 'total' and report_source like 'figure_%'
