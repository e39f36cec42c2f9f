{#- Personal data masked by the pattern of the value, whatever column it was typed into: every text value
    that leaves staging (a quarantined raw value, an identifier, a code as typed) passes through this.
    Patterns: e-mail addresses; Belgian enterprise numbers in any spelling (0123.456.789, 0123456789,
    BE 0123 456 789, the old nine-digit 123.456.789); Belgian and international phone numbers
    (+32 9 123 45 67, 0032 ..., 09/123.45.67, 0470 12 34 56). A number is masked only where no letter or
    digit touches it, so hashed keys and codes are left alone; each pattern runs twice because two
    numbers separated by one character share that character as their boundary. -#}
{% macro mask_personal_data(expression) -%}
    {{ return(adapter.dispatch('mask_personal_data')(expression)) }}
{%- endmacro %}

{#- The number patterns with their labels, shared by every engine's version: each matches with a
    character before and after (or the text's start or end) that is not a letter or digit. -#}
{% macro personal_number_patterns() -%}
    {%- set edge = '(^|[^0-9A-Za-z])' -%}
    {%- set tail = '($|[^0-9A-Za-z])' -%}
    {{ return([
        (edge ~ '(BE)?[ .]?[01]?[0-9]{3}[ .-]?[0-9]{3}[ .-]?[0-9]{3}' ~ tail, '(enterprise number withheld)'),
        (edge ~ '(\\+|00)[ ]?[1-9][0-9]{0,2}([ ./-]?\\(0\\))?([ ./-]?[0-9]){7,11}' ~ tail, '(phone number withheld)'),
        (edge ~ '0[1-9]([ ./-]?[0-9]){7,8}' ~ tail, '(phone number withheld)'),
    ]) }}
{%- endmacro %}

{% macro default__mask_personal_data(expression) -%}
    {%- set ns = namespace(sql='regexp_replace(' ~ expression ~ ", '[^\\s,;\"<>]+@[^\\s,;\"<>]+', '(e-mail withheld)', 'g')") -%}
    {%- for pattern, label in personal_number_patterns() -%}
        {%- for _ in range(2) -%}
            {%- set ns.sql = 'regexp_replace(' ~ ns.sql ~ ", '" ~ pattern ~ "', '\\1" ~ label ~ "\\" ~ (pattern.count('(') - pattern.count('\\(')) ~ "', 'gi')" -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- one cheap pattern first (an @, a +digit, nine or more digits with separators): most values hold
        none of them and skip the seven passes -#}
    case
        when regexp_matches({{ expression }}, '@|[+][0-9]|[0-9][0-9 ./-]{7,}[0-9]') then {{ ns.sql }}
        else {{ expression }}
    end
{%- endmacro %}

{#- Spark's: regexp_replace replaces every match (DuckDB needs the 'g' flag), a case-insensitive pattern
    carries (?i), and every pattern passes through spark_pattern (macros/spark_literals.sql). -#}
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
