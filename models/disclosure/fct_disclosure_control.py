"""Disclosure control of every published estimate: primary suppression (fewer than 5 respondents) and the
complementary cells that keep a withheld value from being derived from the published ones
(aibarometer/disclosure.py: an integer programme with HiGHS, audited by the attacker's linear
programmes). One row per estimate of fct_indicator_estimates; the public database and its Parquet
export withhold every row this marks. A Python model because the integer programme needs a solver.
"""

import os

from aibarometer.disclosure import Cell, Stratum, suppression_pattern

COLUMNS = ["wave", "indicator", "population", "breakdown", "breakdown_value", "suppressed", "suppression_reason",
           "attacker_min", "attacker_max"]


def pandas_frame(relation):
    """A model's rows as pandas: a DuckDB relation (.df()) or a Spark DataFrame (.toPandas())."""
    return relation.df() if hasattr(relation, "df") else relation.toPandas()


def model(dbt, session):
    import pandas as pd

    # materialized per target (_disclosure__models.yml): incremental per wave on DuckDB, a table on Spark

    estimates = pandas_frame(dbt.ref("fct_indicator_estimates"))
    indicators = pandas_frame(dbt.ref("indicators")).set_index("indicator")
    items = pandas_frame(dbt.ref("codebook_items"))
    options = pandas_frame(dbt.ref("codebook_options"))
    strata = pandas_frame(dbt.ref("dim_strata"))
    strata_of = {w: [Stratum(r.nace_group, r.size_class, r.design_weight) for r in g.sort_values(
        ["nace_group", "size_class"]).itertuples()] for w, g in strata.groupby("wave")}
    waves = os.environ.get("AIB_BUILD_WAVES", "all").strip()  # as macros/wave_ref.sql reads it
    if waves != "all" and dbt.config.get("materialized") == "incremental":
        estimates = estimates[estimates["wave"].isin([int(w) for w in waves.split(",") if w.strip()])]
    option_sets = dict(items[["item", "option_set"]].itertuples(index=False))
    codes_of_set = {s: frozenset(int(c) for c in g["code"]) for s, g in options.groupby("option_set")}

    definitions = indicators.loc[estimates["indicator"].unique()]
    group_of = {i: (d["item"], d["condition_item"] or "", d["condition_codes"] or "")
                for i, d in definitions.fillna("").iterrows()}
    rows = []
    for (wave, group), frame in estimates.groupby([estimates["wave"], estimates["indicator"].map(group_of)]):
        item = group[0]
        code_sets = {i: frozenset(int(c) for c in str(indicators.loc[i, "counted_codes"]).split("|"))
                     for i in frame["indicator"].unique() if indicators.loc[i, "statistic"] == "pct"}
        exhaustive = option_sets.get(item) in codes_of_set
        if exhaustive:
            code_sets["*"] = codes_of_set[option_sets[item]]
        cells = [Cell(r.indicator, r.population, r.breakdown, r.breakdown_value, r.estimate, r.weighted_firms,
                      int(r.respondents)) for r in frame.itertuples()]
        pattern, ranges = suppression_pattern(cells, code_sets, exhaustive, strata_of[wave])
        for c in cells:
            low, high = ranges.get((c.indicator, c.position), (None, None))
            rows.append([wave, c.indicator, c.population, c.breakdown, c.value, c.position in pattern,
                         pattern.get(c.position), low, high])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"wave": "int32", "suppressed": "bool", "suppression_reason": "object",
                         "attacker_min": "float64", "attacker_max": "float64"})
