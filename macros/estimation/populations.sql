{#- The populations (seed populations) in their order, each with who belongs: is_adopter true, false, or
    none for all firms. A model calling these depends on the seed (`-- depends_on: {{ ref('populations') }}`).
    Empty before the seed is loaded (parsing, linting). -#}
{% macro populations() %}
    {{ return(relation_rows(ref('populations'), "select population, is_adopter from {relation} "
                            ~ "order by sort_order")) }}
{% endmacro %}

{#- SQL that is true for a firm of the population, given SQL that is true for an adopter: asked_of and
    the estimation's populations name the same seed rows. An unknown name stops the build. -#}
{% macro in_population(population, adopter) %}
    {% for row in populations() if row.population == population %}
        {{ return('true' if row.is_adopter is none else (adopter if row.is_adopter else 'not (' ~ adopter ~ ')')) }}
    {% endfor %}
    {% if execute and populations() %}
        {{ exceptions.raise_compiler_error("population '" ~ population ~ "' is not in the seed populations") }}
    {% endif %}
    {{ return('true') }}
{% endmacro %}
