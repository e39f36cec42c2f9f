"""Disclosure control of every published estimate: primary suppression (fewer than 5 respondents) and the
complementary cells that keep a withheld value from being derived from the published ones
(aibarometer/disclosure.py: an integer programme with HiGHS, audited by an attacker who knows every cell's
composition and solves for the answers). One row per estimate of fct_indicator_estimates; the public
database and its Parquet export withhold every row this marks. A Python model because the integer
programmes need a solver.
"""

import os

from aibarometer.disclosure import MIN_RESPONDENTS, PROTECTION, Atom, Cell, suppression_pattern

COLUMNS = ["wave", "indicator", "population", "breakdown", "breakdown_value", "suppressed", "suppression_reason",
           "attacker_min", "attacker_max", "protection_width"]


def pandas_frame(relation):
    """A model's rows as pandas: a DuckDB relation (.df()) or a Spark DataFrame (.toPandas())."""
    return relation.df() if hasattr(relation, "df") else relation.toPandas()


def group_atoms(sums, strata, indicators, populations):
    """The attacker's atoms of an item group: its respondents per stratum and adopter status (the indicators
    of a group share their respondents)."""
    split = bool({"adopters", "non_adopters"} & populations)
    rows = sums[sums["indicator"].isin(indicators) & sums["population"].isin(
        ["adopters", "non_adopters"] if split else ["all_firms"]) & (sums["respondents"] > 0)]
    keys = sorted({(r.nace_group, r.size_class, (r.population == "adopters") if split else None, int(r.respondents))
                   for r in rows.itertuples()}, key=lambda k: (k[0], k[1], str(k[2])))
    if len({k[:3] for k in keys}) != len(keys):
        raise ValueError("disclosure control: the indicators of an item group disagree on their respondents")
    return [Atom(nace, size, adopter, strata[(nace, size)], n) for nace, size, adopter, n in keys]


def model(dbt, session):
    import pandas as pd

    # materialized per target (_disclosure__models.yml): incremental per wave on DuckDB, a table on Spark

    # in key order: a table scan's row order varies from run to run, and the greedy choice of complements
    # follows the order of the cells (the first exposed cell is protected first), so it must not
    keys = ["wave", "indicator", "population", "breakdown", "breakdown_value"]
    estimates = pandas_frame(dbt.ref("fct_indicator_estimates")).sort_values(keys, kind="stable", ignore_index=True)
    sums = pandas_frame(dbt.ref("int_indicator_stratum_sums"))
    indicators = pandas_frame(dbt.ref("indicators")).set_index("indicator")
    items = pandas_frame(dbt.ref("codebook_items"))
    options = pandas_frame(dbt.ref("codebook_options"))
    strata = pandas_frame(dbt.ref("dim_strata"))
    weights = {w: {(r.nace_group, r.size_class): r.design_weight for r in g.itertuples()}
               for w, g in strata.groupby("wave")}
    waves = os.environ.get("AIB_BUILD_WAVES", "all").strip()  # as macros/wave_ref.sql reads it
    if waves != "all" and dbt.config.get("materialized") == "incremental":
        built = [int(w) for w in waves.split(",") if w.strip()]
        estimates = estimates[estimates["wave"].isin(built)]
        sums = sums[sums["wave"].isin(built)]
    option_sets = dict(items[["item", "option_set"]].itertuples(index=False))
    codes_of_set = {s: frozenset(int(c) for c in g["code"]) for s, g in options.groupby("option_set")}

    definitions = indicators.loc[estimates["indicator"].unique()]
    group_of = {i: (d["item"], d["condition_item"] or "", d["condition_codes"] or "")
                for i, d in definitions.fillna("").iterrows()}
    sums_of = dict(tuple(sums.groupby("wave")))
    rows = []
    for (wave, group), frame in estimates.groupby([estimates["wave"], estimates["indicator"].map(group_of)]):
        item = group[0]
        code_sets = {i: frozenset(int(c) for c in str(indicators.loc[i, "counted_codes"]).split("|"))
                     for i in frame["indicator"].unique() if indicators.loc[i, "statistic"] == "pct"}
        exhaustive = option_sets.get(item) in codes_of_set
        if exhaustive:
            code_sets["*"] = codes_of_set[option_sets[item]]
        cells = [Cell(r.indicator, r.population, r.breakdown, r.breakdown_value, r.estimate, int(r.respondents),
                      r.statistic) for r in frame.itertuples()]
        pattern, ranges = {}, {}
        if any(c.respondents < MIN_RESPONDENTS for c in cells):  # the atoms are only needed where something is withheld
            atoms = group_atoms(sums_of[wave], weights[wave], set(frame["indicator"]), set(frame["population"]))
            pattern, ranges = suppression_pattern(cells, atoms, code_sets, exhaustive)
        for c in cells:
            low, high = ranges.get((c.indicator, c.position), (None, None))
            rows.append([wave, c.indicator, c.population, c.breakdown, c.value, c.position in pattern,
                         pattern.get(c.position), low, high, PROTECTION if c.position in pattern else None])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    # a wave where nothing is withheld (a large scale-mode wave) has no reason at all: an object column of
    # nulls reaches DuckDB as type NULL and breaks every contract downstream, so it goes as pandas' string.
    # Not always: pyspark 4 without Arrow cannot take a string column that holds values (measured:
    # CANNOT_MERGE_TYPE), where object works on both engines
    reason = "object" if frame["suppression_reason"].notna().any() else "string"
    return frame.astype({"wave": "int32", "suppressed": "bool", "suppression_reason": reason,
                         "attacker_min": "float64", "attacker_max": "float64", "protection_width": "float64"})
