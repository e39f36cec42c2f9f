{#- Column comments for a table whose columns follow the codebook (fct_respondents): each item column gets
    its question and option set from the seed codebook_items, each uses_<technology> boolean the question of
    its technology item. Written as a post-hook from the seed, so that the documentation a BI tool shows is
    the codebook's own and no YAML restates it. Columns the table does not have are skipped. -#}
{% macro comment_codebook_columns(relation) %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list %}
    {% set comments = [] %}
    {% for row in relation_rows(ref('codebook_items'), "select item, question_en, option_set from {relation} "
                                ~ "order by sort_order") %}
        {% set codes = ' Codes: option set ' ~ row.option_set ~ '.' if row.option_set else '' %}
        {% if row.item in present %}
            {% do comments.append((row.item, row.question_en ~ codes)) %}
        {% endif %}
    {% endfor %}
    {% for item in technologies() %}
        {% set column = 'uses_' ~ item | replace('tech_', '', 1) %}
        {% if column in present %}
            {% do comments.append((column, 'True when the firm answered ' ~ item ~ ' = 1 (uses it).')) %}
        {% endif %}
    {% endfor %}
    {{ return(adapter.dispatch('comment_columns')(relation, comments)) }}
{% endmacro %}

{#- The comments as the hook's SQL: one statement each. -#}
{% macro default__comment_columns(relation, comments) -%}
    {%- for column, text in comments %}
        comment on column {{ relation }}.{{ adapter.quote(column) }} is '{{ text | replace("'", "''") }}';
    {%- endfor %}
{%- endmacro %}

{#- A post-hook runs one statement on Spark: each comment is run here, and the hook is left empty. The
    comment is cut to the Hive metastore's 256 characters (spark_comment, macros/spark_literals.sql). -#}
{% macro spark__comment_columns(relation, comments) -%}
    {%- for column, text in comments -%}
        {%- do run_query('alter table ' ~ relation ~ ' alter column ' ~ adapter.quote(column) ~ " comment '"
                         ~ spark_comment(text) ~ "'") -%}
    {%- endfor -%}
{%- endmacro %}
