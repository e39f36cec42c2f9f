-- Report section 'policy': every indicator of the section for the populations the report splits it
-- by, in total, per NACE group and per size class.
{{ estimate_indicators('policy', populations=['all_firms','adopters','non_adopters']) }}
