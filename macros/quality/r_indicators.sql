{#- The R-indicator of Schouten, Cobben and Bethlehem (2009) and the partial R-indicators of Schouten,
    Shlomo and Skinner (2011), as CBS's RISQ tools compute them (getRIndicator, sample based, with bias
    adjustment and the approximate standard errors of Shlomo, Skinner and Schouten 2012), for response
    propensities modelled on the stratum (NACE group x size class, the frame variables the weighting uses).
    That model is saturated, so every quantity RISQ derives from the fitted logistic model has a closed form
    over the strata (docs/quality.md derives them; pytests/test_response_quality.py checks them against a
    logistic fit with RISQ's matrix formulas):
      p_h = r_h / m_h, g_h = p_h (1 - p_h), N = sum N_h, m = sum m_h, pbar = sum N_h p_h / N,
      S2 = sum N_h (p_h - pbar)^2 / (N - 1), bias = sum g_h / m, R = 1 - 2 sqrt(max(S2 - bias, 0)),
      Var(R) = [4 sum (N_h / N)(p_h - pbar)^2 g_h / m + 2 (sum a^2 - 2 sum a v / m + (sum v)^2 / m^2)]
               / (sum N_h (p_h - pbar)^2 / N), with a_h = g_h / m, v_h = N_h g_h / N;
    a partial R-indicator's standard error is half that of R for the model on its variable alone (the same
    formula over its categories, whose propensities are their weighted response rates).
    `cells`: a relation with wave, nace_group, size_class, population_firms (N_h), sampled (m_h) and
    responded (r_h). Returns rows wave, breakdown, breakdown_value, quality_indicator, value, std_error. -#}
{% macro r_indicators(cells) %}
    {%- set variables = {'nace_group': 'size_class', 'size_class': 'nace_group'} %}
    cells as (
        select
            wave,
            nace_group,
            size_class,
            cast(population_firms as double) as population_firms,
            sampled,
            cast(responded as double) / sampled as propensity
        from {{ cells }}
        where sampled > 0
    ),

    waves as (
        select
            wave,
            sum(population_firms) as population,
            sum(sampled) as sampled,
            sum(population_firms * propensity) / sum(population_firms) as mean_propensity,
            sum(propensity * (1 - propensity)) / sum(sampled) as propensity_bias
        from cells
        group by wave
    ),

    {%- for variable in variables %}
    by_{{ variable }} as (
        select
            wave,
            {{ variable }},
            sum(population_firms) as population_firms,
            sum(population_firms * propensity) / sum(population_firms) as propensity
        from cells
        group by wave, {{ variable }}
    ),
    {%- endfor %}

    models as (
        -- the fitted propensities of each response model: the stratum model, and each variable's alone
        select
            wave,
            'stratum' as model,
            population_firms,
            propensity
        from cells
        {%- for variable in variables %}
            union all
            select
                wave,
                '{{ variable }}' as model,
                population_firms,
                propensity
            from by_{{ variable }}
        {%- endfor %}
    ),

    model_terms as (
        select
            models.wave,
            models.model,
            sum(models.population_firms * power(models.propensity - waves.mean_propensity, 2)) as deviations,
            sum(
                4 * models.population_firms / waves.population * power(models.propensity - waves.mean_propensity, 2)
                * models.propensity * (1 - models.propensity) / waves.sampled
            ) as variance_first,
            sum(power(models.propensity * (1 - models.propensity) / waves.sampled, 2)) as sum_a_squared,
            sum(
                models.propensity * (1 - models.propensity) / waves.sampled
                * models.population_firms * models.propensity * (1 - models.propensity) / waves.population
            ) as sum_a_v,
            sum(models.population_firms * models.propensity * (1 - models.propensity) / waves.population) as sum_v
        from models
        inner join waves on models.wave = waves.wave
        group by models.wave, models.model
    ),

    model_indicators as (
        select
            model_terms.wave,
            model_terms.model,
            model_terms.deviations / waves.population as variance_ml,
            -- Var(R) of the model (zero propensity variance: no R to vary, null)
            (
                model_terms.variance_first
                + 2 * (
                    model_terms.sum_a_squared - 2 * model_terms.sum_a_v / waves.sampled
                    + model_terms.sum_v * model_terms.sum_v / (waves.sampled * waves.sampled)
                )
            ) / nullif(model_terms.deviations / waves.population, 0) as r_variance
        from model_terms
        inner join waves on model_terms.wave = waves.wave
    ),

    overall as (
        select
            waves.wave,
            waves.mean_propensity,
            model_terms.deviations / (waves.population - 1) as propensity_variance,
            -- RISQ's bias factor 1 - bias / S2, 0 when the bias exceeds the variance
            case
                when waves.propensity_bias > model_terms.deviations / (waves.population - 1) then cast(0 as double)
                else 1 - waves.propensity_bias / nullif(model_terms.deviations / (waves.population - 1), 0)
            end as bias_factor,
            model_indicators.r_variance
        from waves
        inner join model_terms on waves.wave = model_terms.wave and model_terms.model = 'stratum'
        inner join model_indicators on waves.wave = model_indicators.wave and model_indicators.model = 'stratum'
    ),

    {%- for variable, other in variables.items() %}
    categories_{{ variable }} as (
        -- per category: the unconditional partial (signed) and the conditional one given the other variable
        select
            cells.wave,
            cells.{{ variable }} as category,
            max(by_{{ variable }}.population_firms) as population_firms,
            max(by_{{ variable }}.propensity) as propensity,
            sum(cells.population_firms * power(cells.propensity - by_{{ other }}.propensity, 2)) as within_deviations
        from cells
        inner join by_{{ variable }}
            on cells.wave = by_{{ variable }}.wave and cells.{{ variable }} = by_{{ variable }}.{{ variable }}
        inner join by_{{ other }}
            on cells.wave = by_{{ other }}.wave and cells.{{ other }} = by_{{ other }}.{{ other }}
        group by cells.wave, cells.{{ variable }}
    ),
    {%- endfor %}

    {%- for variable in variables %}
    partials_{{ variable }} as (
        select
            categories.wave,
            sum(categories.population_firms * power(categories.propensity - overall.mean_propensity, 2))
            / max(waves.population) as unconditional_variance,
            sum(categories.within_deviations) / max(waves.population) as conditional_variance
        from categories_{{ variable }} as categories
        inner join overall on categories.wave = overall.wave
        inner join waves on categories.wave = waves.wave
        group by categories.wave
    ),
    {%- endfor %}

    {#- the indicators of the whole sample: code, value, standard error (over `overall`). Schouten et al.
        (2009): |bias| of the unweighted response mean <= S(rho) S(y) / pbar with S(rho) = (1 - R) / 2, in
        standard deviations of y (the propensities' coefficient of variation) and in percentage points for
        a share (S(y) <= 1/2) -#}
    {%- set spread = 'sqrt(propensity_variance * bias_factor)' %}
    {%- set whole = [
        ('r_indicator', '1 - 2 * ' ~ spread, 'sqrt(r_variance)'),
        ('r_indicator_unadjusted', '1 - 2 * sqrt(propensity_variance)', none),
        ('response_propensity_mean', 'mean_propensity', none),
        ('maximal_absolute_bias', spread ~ ' / nullif(mean_propensity, 0)', none),
        ('maximal_bias_share_points', '50 * ' ~ spread ~ ' / nullif(mean_propensity, 0)', none)] %}
    r_indicator_rows as (
        {%- for code, value, se in whole %}
            select
                wave,
                'total' as breakdown,
                {{ total_member() }} as breakdown_value,
                '{{ code }}' as quality_indicator,
                {{ value }} as value,
                {{ se or 'cast(null as double)' }} as std_error
            from overall
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
        {%- for variable in variables %}
            {%- for code, variance in [('partial_r_unconditional', 'unconditional_variance'),
                                       ('partial_r_conditional', 'conditional_variance')] %}
                union all
                -- the variable's partial R-indicators, bias-adjusted; RISQ approximates the conditional
                -- one's standard error by the unconditional one's
                select
                    partials.wave,
                    '{{ variable }}',
                    {{ total_member() }},
                    '{{ code }}',
                    sqrt(partials.{{ variance }} * overall.bias_factor),
                    0.5 * sqrt(model_indicators.r_variance)
                from partials_{{ variable }} as partials
                inner join overall on partials.wave = overall.wave
                inner join model_indicators
                    on partials.wave = model_indicators.wave and model_indicators.model = '{{ variable }}'
            {%- endfor %}
            union all
            -- per category, unadjusted as RISQ gives them: the unconditional one signed (below the mean
            -- propensity: negative), the conditional one within the other variable's categories
            select
                categories.wave,
                '{{ variable }}',
                categories.category,
                'partial_r_unconditional',
                sign(categories.propensity - overall.mean_propensity)
                * sqrt(categories.population_firms * power(categories.propensity - overall.mean_propensity, 2)
                    / waves.population),
                cast(null as double)
            from categories_{{ variable }} as categories
            inner join overall on categories.wave = overall.wave
            inner join waves on categories.wave = waves.wave
            union all
            select
                categories.wave,
                '{{ variable }}',
                categories.category,
                'partial_r_conditional',
                sqrt(categories.within_deviations / waves.population),
                cast(null as double)
            from categories_{{ variable }} as categories
            inner join waves on categories.wave = waves.wave
        {%- endfor %}
    )
{% endmacro %}
