-- Report section 'employment': every indicator of the section for the populations the report splits it
-- by, in total, per NACE group and per size class.
{{ estimate_indicators('employment', populations=['adopters']) }}
