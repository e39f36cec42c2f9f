{#- Overrides dbt-spark's own macro get_column_comment_sql (only Spark calls it): the column comments of
    Spark's views and tables, each cut to the Hive metastore's 256 characters (spark_comment,
    macros/spark_literals.sql, says why). -#}
{% macro get_column_comment_sql(column_name, column_dict) -%}
    {%- set description = (column_dict.get(column_name) or {}).get('description') -%}
    {{ adapter.quote(column_name) }}
    {%- if description %} comment '{{ spark_comment(description) }}'{% endif %}
{%- endmacro %}
