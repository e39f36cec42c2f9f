{#- Reliability of an estimate, criterion by criterion (docs/precision.md cites the sources). Each
    criterion is (statistic kind, level, label, SQL condition) over the columns estimate_indicators computes:
    ratio (0-1 for shares, 0-100 for means of %), variance, lower_ratio, upper_ratio (the 95% interval),
    respondents, effective_n (capped at respondents), degrees_of_freedom.
    Shares follow the NCHS Data Presentation Standards for Proportions (Parker et al. 2017, Vital Health
    Stat 2(175)) as NCHS applies them: suppress (here 'unreliable') when n < 30, effective n < 30, the
    Korn-Graubard interval is 30 points wide or more, or it is wider than 5 points and its relative width
    (width / p) exceeds 130%; statistical review when df < 8, p is 0% or 100%, or the complement's relative
    width (width / (1 - p), same 5-point gate) exceeds 130%. Means, for which the standard sets no rule: the
    NCHS relative-standard-error rule (n < 30 or RSE > 30% unreliable), review when df < 8, when the
    standard error is 0 or the mean sits on a bound of its 0-100 range (the interval then says nothing).
    The width of a share's interval is that of the standard's Korn-Graubard interval (kg_effective_n), and
    0 at 0% or 100%, where the standard judges the share by its n alone (CDC's surveytable, .lpe_percents). -#}
{% macro reliability_criteria() %}
    {%- set width = '(case when ratio <= 0 or ratio >= 1 then 0 else upper_ratio - lower_ratio end)' -%}
    {{ return([
        ('share', 'unreliable', 'n < 30', 'respondents < 30'),
        ('share', 'unreliable', 'effective n < 30', 'effective_n < 30'),
        ('share', 'unreliable', 'interval width >= 30 points', width ~ ' >= 0.30'),
        ('share', 'unreliable', 'relative interval width > 130%',
            width ~ ' > 0.05 and ' ~ width ~ ' < 0.30 and ' ~ width ~ ' / nullif(ratio, 0) > 1.30'),
        ('share', 'review', 'df < 8', 'degrees_of_freedom < 8'),
        ('share', 'review', '0% or 100%', 'ratio <= 0 or ratio >= 1'),
        ('share', 'review', 'complement relative interval width > 130%',
            width ~ ' > 0.05 and ' ~ width ~ ' < 0.30 and ' ~ width ~ ' / nullif(1 - ratio, 0) > 1.30'),
        ('mean', 'unreliable', 'n < 30', 'respondents < 30'),
        ('mean', 'unreliable', 'relative standard error > 30%', 'sqrt(variance) / nullif(abs(ratio), 0) > 0.30'),
        ('mean', 'review', 'df < 8', 'degrees_of_freedom < 8'),
        ('mean', 'review', 'zero standard error', 'variance = 0'),
        ('mean', 'review', 'at a bound of 0-100', "statistic = 'mean_pct' and (ratio <= 0 or ratio >= 100)"),
    ]) }}
{% endmacro %}

{#- The criteria an estimate meets, as '; '-separated labels (null: none), and its level: 'unreliable' when any
    unreliable criterion holds, else 'review' when any review criterion does, else 'reliable'. -#}
{% macro reliability_columns(share_condition="statistic = 'pct'") %}
    {%- set criteria = reliability_criteria() -%}
    nullif(concat_ws('; '
        {%- for kind, level, label, condition in criteria %},
        case when {{ 'not ' if kind == 'mean' }}({{ share_condition }}) and coalesce({{ condition }}, false)
            then '{{ label }}' end
        {%- endfor %}
    ), '') as reliability_criteria,
    case
        {%- for wanted in ['unreliable', 'review'] %}
        when
            {%- for kind, level, label, condition in criteria if level == wanted %}
            {{ 'or ' if not loop.first }}({{ 'not ' if kind == 'mean' }}({{ share_condition }})
                and coalesce({{ condition }}, false))
            {%- endfor %}
            then '{{ wanted }}'
        {%- endfor %}
        else 'reliable'
    end as reliability
{%- endmacro %}

{#- A 95% t interval on the logit scale for a mean of a quantity bounded by 0 and `scale` (a percentage:
    100): with p = ratio / scale and its standard error s / scale, p's logit +- t(df) x SE / (p (1 - p))
    (delta method), mapped back. It stays inside (0, scale); it is R survey's svyciprop(method = "logit")
    for a proportion (checked on the statistics guide's E2 in pytests/test_precision.py). At a bound or
    with a zero standard error the interval is the estimate itself (and reliability asks for review). -#}
{% macro logit_t_bound(ratio, variance, df, scale, side) -%}
    case
        when {{ ratio }} <= 0 or {{ ratio }} >= {{ scale }} or {{ variance }} = 0 then {{ ratio }}
        else {{ scale }} / (1 + exp(-(
            ln(({{ ratio }} / {{ scale }}) / (1 - {{ ratio }} / {{ scale }}))
            {{ '-' if side == 'lower' else '+' }} t_quantile(0.975, {{ df }}) * sqrt({{ variance }}) / {{ scale }}
            / (({{ ratio }} / {{ scale }}) * (1 - {{ ratio }} / {{ scale }}))
        )))
    end
{%- endmacro %}
