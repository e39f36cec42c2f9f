-- The four size classes by number of employees; the frame's lower bound is 5 employees.
select
    size_class,
    sort_order,
    employees_min,
    employees_max,
    label_nl,
    label_en
from {{ ref('size_classes') }}
