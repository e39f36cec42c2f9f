{#- Row-level rule: every row satisfies the SQL expression; failing rows are returned whole. -#}
{% test expression_holds(model, expression) %}
select *, 'expression does not hold: {{ expression | replace("'", "''") }}' as failure
from {{ model }}
where not ({{ expression }})
{% endtest %}
