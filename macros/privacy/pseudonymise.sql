{#- A stable pseudonymous key for an identifier (enterprise number). Salted so that the key cannot be
    reversed by hashing every valid enterprise number; set AIB_PSEUDONYM_SALT to a secret for real
    data. Only staging calls this: identifiers never leave it. -#}
{% macro pseudonymise(expression) -%}
    {{ return(adapter.dispatch('pseudonymise')(expression)) }}
{%- endmacro %}

{% macro default__pseudonymise(expression) -%}
    sha256('{{ env_var("AIB_PSEUDONYM_SALT", "ai-barometer-synthetic") }}:' || ({{ expression }}))
{%- endmacro %}

{% macro spark__pseudonymise(expression) -%}
    sha2('{{ env_var("AIB_PSEUDONYM_SALT", "ai-barometer-synthetic") }}:' || ({{ expression }}), 256)
{%- endmacro %}

{#- Enterprise numbers as typed ('0123.456.789', '0123456789', 'BE 0123 456 789') reduced to 10 digits. -#}
{% macro enterprise_digits(expression) -%}
    {{ return(adapter.dispatch('enterprise_digits')(expression)) }}
{%- endmacro %}

{% macro default__enterprise_digits(expression) -%}
    regexp_replace(upper({{ expression }}), '[^0-9]', '', 'g')
{%- endmacro %}

{#- regexp_replace replaces every match on Spark (DuckDB needs the 'g' flag). -#}
{% macro spark__enterprise_digits(expression) -%}
    regexp_replace(upper({{ expression }}), '[^0-9]', '')
{%- endmacro %}

{#- Whether an enterprise number as typed is a valid Belgian one: ten digits starting 0 or 1, the last two
    being 97 minus the first eight modulo 97. -#}
{% macro enterprise_number_is_valid(expression) -%}
    coalesce(
        length({{ enterprise_digits(expression) }}) = 10
        and left({{ enterprise_digits(expression) }}, 1) in ('0', '1')
        and 97 - (try_cast(left({{ enterprise_digits(expression) }}, 8) as bigint) % 97)
        = try_cast(right({{ enterprise_digits(expression) }}, 2) as integer),
        false
    )
{%- endmacro %}

{#- Whether a text holds a valid Belgian enterprise number: a match of the pattern (its group 2, nine or
    ten digits with separators) whose digits pass the check. For the personal-data test, which keeps its
    own patterns. -#}
{% macro has_valid_enterprise_number(text, pattern) -%}
    {{ return(adapter.dispatch('has_valid_enterprise_number')(text, pattern)) }}
{%- endmacro %}

{% macro default__has_valid_enterprise_number(text, pattern) -%}
    len(list_filter(
        regexp_extract_all({{ text }}, '{{ pattern }}', 2),
        lambda candidate: length(regexp_replace(candidate, '[^0-9]', '', 'g')) in (9, 10)
        and 97 - (try_cast(left(lpad(regexp_replace(candidate, '[^0-9]', '', 'g'), 10, '0'), 8) as bigint) % 97)
        = try_cast(right(regexp_replace(candidate, '[^0-9]', '', 'g'), 2) as integer)
    )) > 0
{%- endmacro %}

{% macro spark__has_valid_enterprise_number(text, pattern) -%}
    size(filter(
        regexp_extract_all({{ text }}, {{ spark_pattern(pattern) }}, 2),
        candidate -> length(regexp_replace(candidate, '[^0-9]', '')) in (9, 10)
        and 97 - (try_cast(left(lpad(regexp_replace(candidate, '[^0-9]', ''), 10, '0'), 8) as bigint) % 97)
        = try_cast(right(regexp_replace(candidate, '[^0-9]', ''), 2) as integer)
    )) > 0
{%- endmacro %}
