{#- A rule ladder as SQL: the first rule whose condition holds, as its `field` (its name, or what is wrong).
    rules: a list of dicts {condition, rule_name, problem}, each value SQL; the ladder is written once and
    rendered once per field, so that the rule named and the problem told can never disagree. -#}
{% macro first_broken_rule(rules, field) -%}
    case
    {%- for rule in rules %}
        when {{ rule.condition }} then {{ rule[field] }}
    {%- endfor %}
    end
{%- endmacro %}
