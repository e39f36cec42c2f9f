{#- Per indicator of the seed indicators (sort order), as SQL over a row of fct_respondents (with its
    adopter status as `adopter`, 0/1): when the respondent counts (observed: x = 1), its score y (1/0 for a
    share, the reported % for a mean) and whether the item was put to it but left empty (skipped: item
    non-response; asked as the wave's codebook routes it, asked_of and condition, and meeting the
    indicator's condition). An indicator on an item no landed wave asks counts nobody. The estimates'
    moments and the overlap of two waves (the trends' covariance) both read the respondents through this.
    A model calling it depends on indicators, int_codebook_wave_items, codebook_items and item_types. -#}
{% macro indicator_terms() %}
    {%- set indicators = relation_rows(ref('indicators'), "select indicator, item, statistic, counted_codes, "
                                       ~ "condition_item, condition_codes from {relation} order by sort_order, indicator") %}
    {%- set routing = item_routing() %}
    {#- per indicator: when a respondent counts (x) and its score (y), as SQL; an indicator on an item no landed
        wave asks (an indicator row ahead of its wave) counts nobody -#}
    {%- set columns = respondent_items() | map(attribute='item') | list %}
    {%- set terms = [] %}
    {%- for indicator in indicators %}
        {%- if indicator.item not in columns or (indicator.condition_item and indicator.condition_item not in columns) %}
            {%- do terms.append({'observed': 'false', 'score': 'null::double', 'skipped': 'false'}) %}
        {%- else %}
            {%- set observed = indicator.item ~ ' is not null' %}
            {%- if indicator.condition_item %}
                {%- set observed = observed ~ ' and ' ~ indicator.condition_item ~ ' in ('
                                   ~ indicator.condition_codes.split('|') | join(', ') ~ ')' %}
            {%- endif %}
            {%- if indicator.statistic == 'mean_pct' %}
                {%- set score = indicator.item ~ '::double' %}
            {%- else %}
                {%- set score = '(' ~ indicator.item ~ ' in (' ~ indicator.counted_codes.split('|') | join(', ')
                                ~ '))::integer::double' %}
            {%- endif %}
            {#- put to the respondent by the wave's routing (a derived item, not in the codebook: to everyone) and
                meeting the indicator's condition -#}
            {%- set asked = routing.get(indicator.item, 'true') %}
            {%- if indicator.condition_item %}
                {%- set asked = '(' ~ asked ~ ') and ' ~ indicator.condition_item ~ ' in ('
                                ~ indicator.condition_codes.split('|') | join(', ') ~ ')' %}
            {%- endif %}
            {%- do terms.append({'observed': observed, 'score': score, 'skipped': '(' ~ asked ~ ') and ' ~ indicator.item
                                 ~ ' is null'}) %}
        {%- endif %}
    {%- endfor %}
    {{ return(terms) }}
{% endmacro %}

{#- Per item of the waves' codebooks (int_codebook_wave_items), whom it is put to, as SQL over a row of
    fct_respondents (with its adopter status as `adopter`, 0/1): per wave, the item's asked_of population and
    its condition; false in a wave that does not ask it. An item no codebook routes (a derived item) is
    missing from the result: it is put to everyone. -#}
{% macro item_routing() %}
    {%- set branches = {} %}
    {%- for entry in relation_rows(ref('int_codebook_wave_items'), "select item, wave, asked_of, condition_item, "
                                    ~ "condition_codes from {relation} order by item, wave") %}
        {%- set asked = [in_population(entry.asked_of, 'adopter = 1')] %}
        {%- if entry.condition_item %}
            {%- do asked.append(entry.condition_item ~ ' in (' ~ entry.condition_codes.split('|') | join(', ') ~ ')') %}
        {%- endif %}
        {%- do branches.setdefault(entry.item, []).append(' when ' ~ entry.wave ~ ' then ' ~ asked | join(' and ')) %}
    {%- endfor %}
    {%- set routing = {} %}
    {%- for item, item_branches in branches.items() %}
        {%- do routing.update({item: 'case wave' ~ item_branches | join('') ~ ' else false end'}) %}
    {%- endfor %}
    {{ return(routing) }}
{% endmacro %}

{#- Per population (seed populations), what a respondent adds to its sums as SQL over its adopter status
    `adopter` (0/1): 1, adopter or (1 - adopter). -#}
{% macro population_weights(adopter='adopter') %}
    {%- set weights = {} %}
    {%- for row in populations() %}
        {%- do weights.update({row.population: '1' if row.is_adopter is none else (adopter if row.is_adopter
                                                                                  else '(1 - ' ~ adopter ~ ')')}) %}
    {%- endfor %}
    {{ return(weights) }}
{% endmacro %}
