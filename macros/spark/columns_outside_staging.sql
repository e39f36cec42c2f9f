{#- Spark's catalog: every database but raw, staging, audit, the landing views' (survey: raw data) and
    default. -#}
{% macro spark__columns_outside_staging() %}
    {% set columns = [] %}
    {% for database in run_query('show databases').columns[0].values() | sort
           if database not in ('raw', 'staging', 'audit', 'survey', 'default') %}
        {% for table in run_query('show tables in ' ~ database).columns[1].values() | sort %}
            {% set relation = api.Relation.create(schema=database, identifier=table) %}
            {% for column in adapter.get_columns_in_relation(relation) | sort(attribute='name') %}
                {% do columns.append({'schema': database, 'table': table, 'column': column.name,
                                      'is_text': column.is_string()}) %}
            {% endfor %}
        {% endfor %}
    {% endfor %}
    {{ return(columns) }}
{% endmacro %}
