{#- Tables 3 and 4 of the report: share of firms using each AI technology (%), one row per NACE group
    or size class, one column per technology, in the report's order. -#}
{% macro technologies_table(breakdown) %}
{% set dimension = published_ref('dim_nace_groups') if breakdown == 'nace_group' else published_ref('dim_size_classes') %}
{#- the technologies in the codebook's order, named as the indicators uses_<technology> name them -#}
{% set technologies = technologies() | map('replace', 'tech_', '') | list %}
select
    estimates.wave,
    dimension.sort_order,
    dimension.label_nl,
    estimates.breakdown_value,
    {% for technology in technologies %}
        round(
            max(estimates.estimate) filter (where estimates.indicator = 'uses_{{ technology }}'), 1
        ) as {{ technology }}{% if not loop.last %},{% endif %}
    {% endfor %}
from {{ published_ref('mart_adoption') }} as estimates
inner join {{ dimension }} as dimension on estimates.breakdown_value = dimension.{{ breakdown }}
where estimates.breakdown = '{{ breakdown }}' and estimates.population = 'all_firms'
group by estimates.wave, dimension.sort_order, dimension.label_nl, estimates.breakdown_value
order by estimates.wave, dimension.sort_order
{% endmacro %}
