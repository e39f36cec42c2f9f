{#- Item codes of the questionnaire as loaded from the codebook seed, in questionnaire order, so that
    SQL reads the codebook instead of repeating it. Before the seed exists (parsing, linting on an
    empty database) it returns an empty list. -#}
{% macro codebook_items(exclude_types=[]) %}
    {% if not execute %}{{ return([]) }}{% endif %}
    {% set relation = adapter.get_relation(database=ref('codebook_items').database,
                                           schema=ref('codebook_items').schema,
                                           identifier=ref('codebook_items').identifier) %}
    {% if relation is none %}{{ return([]) }}{% endif %}
    {% set query %}
        select item from {{ relation }}
        {% if exclude_types %}
            where item_type not in ({% for t in exclude_types %}'{{ t }}'{% if not loop.last %}, {% endif %}{% endfor %})
        {% endif %}
        order by sort_order
    {% endset %}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}
