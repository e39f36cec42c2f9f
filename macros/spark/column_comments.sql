{#- Column comments on Spark. The Hive metastore keeps a column comment in 256 characters: a longer one
    makes each view take about 20 s (the metastore refuses it, Spark retries in its own format). The
    comment is cut to 256 characters there; the whole text stays in the dbt docs and in the DuckDB file.
    Overrides dbt-spark's macro of the same name, which only Spark calls. -#}
{% macro get_column_comment_sql(column_name, column_dict) -%}
    {%- set description = (column_dict.get(column_name) or {}).get('description') -%}
    {{ adapter.quote(column_name) }}
    {%- if description %} comment '{{ spark_comment(description) }}'{% endif %}
{%- endmacro %}

{% macro spark_comment(text) -%}
    {%- set text = text | replace('\n', ' ') -%}
    {%- set text = text if text | length <= 256 else text[:255] ~ '…' -%}
    {{- text | replace('\\', '\\\\') | replace("'", "\\'") -}}
{%- endmacro %}

{#- A post-hook runs one statement on Spark: each comment is run here, and the hook is left empty. -#}
{% macro spark__comment_columns(relation, comments) -%}
    {%- for column, text in comments -%}
        {%- do run_query('alter table ' ~ relation ~ ' alter column ' ~ adapter.quote(column) ~ " comment '"
                         ~ spark_comment(text) ~ "'") -%}
    {%- endfor -%}
{%- endmacro %}
