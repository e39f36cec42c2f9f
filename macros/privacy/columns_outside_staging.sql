{#- Every column of every table and view outside the raw, staging and audit schemas, as the catalog holds
    them (not only dbt's models: a table made by hand is scanned too): a list of dicts with schema, table,
    column and is_text. For the personal-data test (tests/privacy/); [] before anything is built. -#}
{% macro columns_outside_staging() %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {{ return(adapter.dispatch('columns_outside_staging')()) }}
{% endmacro %}

{% macro default__columns_outside_staging() %}
    {% set found = run_query(
        "select table_schema, table_name, column_name, data_type from information_schema.columns
         where table_catalog = current_database()
             and table_schema not in ('raw', 'staging', 'audit', 'information_schema', 'pg_catalog')
         order by table_schema, table_name, column_name") %}
    {% set columns = [] %}
    {% for schema, table, column, data_type in found.rows %}
        {% do columns.append({'schema': schema, 'table': table, 'column': column, 'is_text': data_type == 'VARCHAR'}) %}
    {% endfor %}
    {{ return(columns) }}
{% endmacro %}

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
