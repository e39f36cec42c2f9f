-- Report section 'applications': every indicator of the section for the populations the report splits it
-- by, in total, per NACE group and per size class.
{{ estimate_indicators('applications', populations=['adopters']) }}
