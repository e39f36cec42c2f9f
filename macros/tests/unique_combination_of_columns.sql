{#- Primary-key test over several columns: dbt_utils.unique_combination_of_columns under its own name and
    argument, so that a reader, and dbt-project-evaluator's primary-key rule (primary_key_test_macros), know
    it as one; hub packages cannot be installed offline. Returns one row per duplicated key. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as n_rows,
    'duplicate key ({{ combination_of_columns | join(", ") }}) = ('
    || concat_ws(', ', {% for c in combination_of_columns %}{{ c }}::string{% if not loop.last %}, {% endif %}{% endfor %})
    || '): ' || count(*) || ' rows' as failure
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
