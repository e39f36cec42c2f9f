{#- Spark's versions of the text-pattern macros (defaults: macros/text_patterns.sql,
    macros/privacy/). Spark reads a backslash in a string literal as an escape ('\s' is 's'), where DuckDB
    keeps it: every pattern is written with its backslashes doubled (spark_pattern), so both engines match
    the same text. regexp_replace replaces every match on Spark (DuckDB needs the 'g' flag); a
    case-insensitive pattern carries (?i); a whole match is anchored. -#}
{% macro spark_pattern(pattern) -%}
    '{{ pattern | replace("\\", "\\\\") }}'
{%- endmacro %}

{% macro spark__matches_pattern(expression, pattern) -%}
    coalesce(regexp_like({{ expression }}, {{ spark_pattern('^(?:' ~ pattern ~ ')$') }}), false)
{%- endmacro %}

{% macro spark__is_whole_number(expression) -%}
    {{ matches_pattern('trim(' ~ expression ~ ')', '[+-]?[0-9]+') }}
{%- endmacro %}

{% macro spark__enterprise_digits(expression) -%}
    regexp_replace(upper({{ expression }}), '[^0-9]', '')
{%- endmacro %}

{% macro spark__pseudonymise(expression) -%}
    sha2('{{ env_var("AIB_PSEUDONYM_SALT", "ai-barometer-synthetic") }}:' || ({{ expression }}), 256)
{%- endmacro %}

{% macro spark__mask_personal_data(expression) -%}
    {%- set ns = namespace(sql='regexp_replace(' ~ expression ~ ', ' ~ spark_pattern('[^\\s,;"<>]+@[^\\s,;"<>]+')
                                ~ ", '(e-mail withheld)')") -%}
    {%- for pattern, label in personal_number_patterns() -%}
        {%- for _ in range(2) -%}
            {%- set ns.sql = 'regexp_replace(' ~ ns.sql ~ ', ' ~ spark_pattern('(?i)' ~ pattern) ~ ", '$1" ~ label ~ '$'
                             ~ (pattern.count('(') - pattern.count('\\(')) ~ "')" -%}
        {%- endfor -%}
    {%- endfor -%}
    case
        when regexp_like({{ expression }}, {{ spark_pattern('@|[+][0-9]|[0-9][0-9 ./-]{7,}[0-9]') }}) then {{ ns.sql }}
        else {{ expression }}
    end
{%- endmacro %}

{% macro spark__responses_landed(landing) %}
    {{ return(adapter.get_relation(database=none, schema=source('survey', 'responses').schema,
                                   identifier=source('survey', 'responses').identifier) is not none) }}
{% endmacro %}

{% macro spark__contains_pattern(expression, pattern) -%}
    coalesce(regexp_like({{ expression }}, {{ spark_pattern(pattern) }}), false)
{%- endmacro %}

{% macro spark__has_valid_enterprise_number(text, pattern) -%}
    size(filter(
        regexp_extract_all({{ text }}, {{ spark_pattern(pattern) }}, 2),
        candidate -> length(regexp_replace(candidate, '[^0-9]', '')) in (9, 10)
        and 97 - (try_cast(left(lpad(regexp_replace(candidate, '[^0-9]', ''), 10, '0'), 8) as bigint) % 97)
        = try_cast(right(regexp_replace(candidate, '[^0-9]', ''), 2) as integer)
    )) > 0
{%- endmacro %}
