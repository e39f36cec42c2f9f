-- Report section 'barriers': its rows of fct_indicator_estimates (the section's populations and indicators
-- are declared in seeds/questionnaire/sections.csv and indicators.csv).
select * from {{ wave_ref('fct_indicator_estimates') }}
where section = 'barriers'
