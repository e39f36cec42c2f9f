{#- Rows of a query over a relation as dicts, read when the model runs: for SQL generated from a seed or
    an upstream model, e.g. one aggregate per indicator definition. The query names the relation as
    {relation}. Empty before the relation exists (parsing, linting on an empty database). -#}
{% macro relation_rows(relation, query) %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {% if adapter.get_relation(database=relation.database, schema=relation.schema,
                               identifier=relation.identifier) is none %}
        {{ return([]) }}
    {% endif %}
    {% set result = run_query(query | replace('{relation}', relation | string)) %}
    {% set rows = [] %}
    {% for row in result.rows %}
        {% do rows.append(dict(zip(result.column_names, row))) %}
    {% endfor %}
    {{ return(rows) }}
{% endmacro %}
