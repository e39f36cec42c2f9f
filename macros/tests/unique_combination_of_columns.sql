{#- Primary-key test over several columns (what dbt_utils.unique_combination_of_columns does;
    hub packages cannot be installed offline). Returns one row per duplicated key. -#}
{% test unique_combination(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as n_rows,
    'duplicate key ({{ columns | join(", ") }}) = ('
    || concat_ws(', ', {% for c in columns %}{{ c }}::varchar{% if not loop.last %}, {% endif %}{% endfor %})
    || '): ' || count(*) || ' rows' as failure
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
