-- The nine sector groups of the sampling frame (report, Appendix Table 6).
select
    nace_group,
    sort_order,
    nace_divisions,
    label_nl,
    label_en
from {{ ref('nace_groups') }}
