"""Precision of every estimate: the SQL route against the statistics guide's worked example (verified
there against R's survey package) and against the Python survey package svy."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from aibarometer.dbt import run_dbt
from aibarometer.duckdb_functions import register
from aibarometer.paths import PROJECT_ROOT
from pytests.survey_reference import svy_indicator_columns

EXAMPLE = PROJECT_ROOT / "pytests" / "fixtures" / "variance_example.csv"


def compiled_estimation_sql(db_path, target) -> str:
    """The estimation macro compiled for db_path, exactly as a section mart would run it."""
    result = run_dbt(
        ["--quiet", "compile", "--inline",
         "{{ estimate_indicators('example', ['all_firms', 'adopters', 'non_adopters']) }}"],
        db_path, target_path=target, echo=False,
    )
    assert result.ok, result.output
    return result.output.strip()


def estimate_constructed(tmp, sums: list[tuple], strata: list[tuple], indicators: list[tuple]) -> pd.DataFrame:
    """The estimation macro's SQL run on constructed inputs: sums as rows of int_indicator_stratum_sums
    (wave, section, indicator, statistic, population, nace_group, size_class, respondents, sum_y,
    sum_y_squared, skipped), strata as (nace_group, size_class, N_h, n_h) of wave 1, indicators as
    (indicator, label_nl, label_en, base_condition_nl, base_condition_en)."""
    db_path = tmp / "constructed.duckdb"
    sql = compiled_estimation_sql(db_path, tmp / "target")
    con = duckdb.connect(str(db_path))
    for schema in ("intermediate", "marts", "raw"):
        con.execute(f"create schema if not exists {schema}")
    con.execute("create table intermediate.int_indicator_stratum_sums (wave integer, section varchar, "
                "indicator varchar, statistic varchar, population varchar, nace_group varchar, size_class varchar, "
                "respondents bigint, sum_y double, sum_y_squared double, skipped bigint)")
    con.executemany("insert into intermediate.int_indicator_stratum_sums values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sums)
    # the report's weighting scheme of the strata (int_strata_weightings), the one the macro reads by default
    con.execute("create table intermediate.int_strata_weightings (wave integer, weighting varchar, "
                "nace_group varchar, size_class varchar, population_firms double, usable_responses bigint, "
                "design_weight double)")
    con.executemany("insert into intermediate.int_strata_weightings values (1, 'report', ?, ?, ?, ?, ?)",
                    [(nace, size, big, n, big / n) for nace, size, big, n in strata])
    con.execute("create table raw.indicators (indicator varchar, label_nl varchar, label_en varchar, "
                "base_condition_nl varchar, base_condition_en varchar)")
    con.executemany("insert into raw.indicators values (?, ?, ?, ?, ?)", indicators)
    con.execute("create table raw.populations as select * from (values ('all_firms', 'alle ondernemingen', "
                "'all firms'), ('adopters', 'AI-adopters', 'AI adopters'), ('non_adopters', 'niet-adopters', "
                "'non-adopters')) as t (population, label_nl, label_en)")
    register(con)
    out = con.sql(sql).df()
    con.close()
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The worked example loaded as the macro's inputs, then estimated by the macro's SQL."""
    data = pd.read_csv(EXAMPLE)
    data["population"] = data["adopter"].map({1: "adopters", 0: "non_adopters"})
    rows = []
    for (sector, size), g in data.groupby(["sector", "size"]):
        for population, d in [("all_firms", g), *g.groupby("population")]:
            rows.append((1, "example", "adopter_share", "pct", population, sector, size, len(d),
                         float(d["adopter"].sum()), float((d["adopter"] ** 2).sum()), 0))
        # cost reduction is put to adopters: an adopter without one is an item non-respondent (id 4)
        reported = g[g["cost_red"].notna()]
        skipped = int(((g["adopter"] == 1) & g["cost_red"].isna()).sum())
        if len(reported) or skipped:
            rows.append((1, "example", "cost_red_mean", "mean_pct", "adopters", sector, size, len(reported),
                         float(reported["cost_red"].sum()), float((reported["cost_red"] ** 2).sum()), skipped))
    strata = [(sector, size, int(g["N_h"].iloc[0]), len(g)) for (sector, size), g in data.groupby(["sector", "size"])]
    out = estimate_constructed(tmp_path_factory.mktemp("example"), rows, strata, [
        ("adopter_share", "aandeel", "share", "", ""),
        ("cost_red_mean", "gemiddelde", "mean", "die een kostenreductie meldden", "that reported a cost reduction")])
    return out.set_index(["indicator", "population", "breakdown", "breakdown_value"])


def test_compiled_sql_reads_the_warehouse_tables(tmp_path):
    sql = compiled_estimation_sql(tmp_path / "w.duckdb", tmp_path / "target")
    assert re.search(r'"intermediate"\."int_indicator_stratum_sums"', sql)


@pytest.mark.parametrize(
    "key, estimate, std_error",
    [
        # E1 share of adopters, all firms; lonely stratum J_250+ handled as lonely.psu = "adjust"
        (("adopter_share", "all_firms", "total", "TOTAL"), 53.5519125683, 17.2725841346),
        # E4 mean cost reduction among adopters that reported one (adjust)
        (("cost_red_mean", "adopters", "total", "TOTAL"), 17.820512820513, 3.895069013555),
        # E2 share of adopters in sector C
        (("adopter_share", "all_firms", "nace_group", "C"), 45.8333333333, 20.5395959064),
        # E3 share of adopters among 10-49 employees
        (("adopter_share", "all_firms", "size_class", "10-49"), 50.0, 19.5156187450),
        # E5 mean cost reduction in sector C
        (("cost_red_mean", "adopters", "nace_group", "C"), 11.857142857143, 1.692426228508),
    ],
)
def test_worked_example_estimates_and_standard_errors(example, key, estimate, std_error):
    row = example.loc[key]
    assert row["estimate"] == pytest.approx(estimate, abs=1e-9)
    assert row["std_error"] == pytest.approx(std_error, abs=1e-9)


def test_worked_example_korn_graubard_interval_and_design_effect(example):
    row = example.loc[("adopter_share", "all_firms", "nace_group", "C")]
    assert row["degrees_of_freedom"] == 7
    assert row["ci_lower"] == pytest.approx(8.8407750593, abs=1e-7)
    assert row["ci_upper"] == pytest.approx(86.8730372857, abs=1e-7)
    assert row["design_effect"] == pytest.approx(1.412405776042, abs=1e-9)
    assert row["degrees_of_freedom"] == 7


def test_worked_example_zero_share_interval(example):
    """ids 2, 3, 5, 8, 10: no adopter among 5 respondents in 3 strata. The NCHS standard as CDC computes it
    (surveytable's svyciprop_adjusted) takes n_eff = n at 0%, with no df factor: the upper bound is
    qbeta(0.975, 1, 5) = 1 - 0.025^(1/5). (The guide's [0, 82.9976] multiplied n by (t(n-1)/t(df))^2.)"""
    row = example.loc[("adopter_share", "non_adopters", "total", "TOTAL")]
    assert row["estimate"] == 0
    assert row["respondents"] == 5
    assert row["kg_effective_n"] == 5
    assert row["ci_lower"] == 0
    assert row["ci_upper"] == pytest.approx(100 * (1 - 0.025 ** (1 / 5)), abs=1e-9)
    assert row["ci_upper"] == pytest.approx(52.1823750105, abs=1e-7)


def test_small_domains_are_suppressed_and_flagged(example):
    row = example.loc[("adopter_share", "non_adopters", "total", "TOTAL")]
    assert bool(row["suppressed"]) is False  # 5 respondents: shown
    row = example.loc[("cost_red_mean", "adopters", "size_class", "250+")]
    assert bool(row["suppressed"]) is True and row["suppression_reason"] == "fewer than 5 respondents"
    assert row["reliability"] == "unreliable"


def test_item_nonrespondents_and_base(example):
    """Adopter 4 (C, 10-49) reported no cost reduction: one item non-respondent, left out of the mean (E4's
    17.82 rests on the 7 adopters that reported one); the base says so."""
    total = example.loc[("cost_red_mean", "adopters", "total", "TOTAL")]
    assert (total["respondents"], total["item_nonrespondents"]) == (7, 1)
    assert example.loc[("cost_red_mean", "adopters", "nace_group", "C")]["item_nonrespondents"] == 1
    assert example.loc[("cost_red_mean", "adopters", "nace_group", "J")]["item_nonrespondents"] == 0
    assert total["base_en"] == "mean over AI adopters that reported a cost reduction, respondents to the item"
    share = example.loc[("adopter_share", "all_firms", "total", "TOTAL")]
    assert (share["item_nonrespondents"], share["base_en"]) == (0, "% of all firms, respondents to the item")


SVY_INDICATORS = [
    "uses_any_ai", "uses_machine_learning", "plans_text_analysis", "non_adopter_no_plans",
    "barrier_limited_usefulness", "great_lack_basic_data_analytics", "no_lack_assess_technical_feasibility",
    "applies_ict_security", "source_developed_in_house", "budget_decreased", "new_or_improved_products",
    "employment_high_skilled_increased", "knows_ai_action_plan", "federation_sessions_participated",
    "cost_reduction", "turnover_share_new_products", "employment_low_skilled_decrease_size",
]


def test_sql_precision_equals_svy_on_the_synthetic_wave(db):
    """Estimates and standard errors of a broad sample of 2021 indicators (shares and means; every
    population and breakdown) against svy's Taylor estimates with singleton='center', to 1e-9."""
    import polars as pl
    import svy

    definitions = pd.read_csv(PROJECT_ROOT / "seeds" / "questionnaire" / "indicators.csv", dtype=str,
                              keep_default_na=False).set_index("indicator")
    respondents = pl.from_pandas(db.sql("select * from marts.fct_respondents where wave = 2021").df())
    respondents = respondents.with_columns(
        (pl.col("nace_group") + " x " + pl.col("size_class")).alias("stratum"),
        pl.col("stratum_population").cast(pl.Float64),
    )
    compared = compared_se = 0
    for indicator in SVY_INDICATORS:
        d = definitions.loc[indicator]
        y, valid = svy_indicator_columns(d)
        data = respondents.with_columns(y.alias("y"), valid.alias("valid"))
        sample = svy.Sample(data, svy.Design(stratum="stratum", wgt="design_weight", pop_size="stratum_population",
                                             singleton="center"))
        scale = 100.0 if d["statistic"] == "pct" else 1.0
        sql = db.sql(f"select population, breakdown, breakdown_value, estimate, std_error "
                     f"from marts.fct_indicator_estimates where wave = 2021 and indicator = '{indicator}'").df()
        for population, in_population in (("all_firms", pl.lit(True)), ("adopters", pl.col("is_adopter")),
                                          ("non_adopters", ~pl.col("is_adopter"))):
            rows = sql[sql["population"] == population]
            if rows.empty:
                continue
            where = pl.col("valid") & in_population
            for breakdown, group in rows.groupby("breakdown"):
                by = None if breakdown == "total" else breakdown
                est = sample.estimation.mean("y", by=by, where=where).to_polars().to_pandas()
                key = "TOTAL" if by is None else by
                if by is None:
                    est[key] = "TOTAL"
                est = est.set_index(key)
                for row in group.itertuples():
                    got = est.loc[row.breakdown_value]
                    assert row.estimate == pytest.approx(scale * got["est"], abs=1e-9), (indicator, row)
                    if row.std_error == row.std_error and got["se"] == got["se"]:
                        assert row.std_error == pytest.approx(scale * got["se"], abs=1e-9), (indicator, row)
                        compared_se += 1
                    compared += 1
    assert compared > 300 and compared_se > 300, (compared, compared_se)


@pytest.mark.parametrize("indicator, population, put_to", [
    # an item put to adopters only (about a fifth of them skip it)
    ("cost_reduced", "adopters", "is_adopter and impact_cost_reduced is null"),
    # a follow-up: adopters that reported a cost reduction, asked by how many percent (none skip it)
    ("cost_reduction", "adopters", "is_adopter and impact_cost_reduced = 1 and impact_cost_reduction_pct is null"),
    # an item put to every firm, among the non-adopters
    ("great_lack_technical_ai", "non_adopters", "not is_adopter and knowledge_technical_ai is null"),
])
def test_item_nonrespondents_counted_from_the_respondents(db, indicator, population, put_to):
    """item_nonrespondents per NACE group equals a count written here over fct_respondents."""
    published = dict(db.sql(f"select breakdown_value, item_nonrespondents from marts.fct_indicator_estimates "
                            f"where wave = 2021 and indicator = '{indicator}' and population = '{population}' "
                            f"and breakdown = 'nace_group'").fetchall())
    counted = dict(db.sql(f"select nace_group, count(*) filter (where {put_to}) from marts.fct_respondents "
                          f"where wave = 2021 group by all").fetchall())
    assert published == {group: n for group, n in counted.items() if group in published}
    assert sum(published.values()) == {"cost_reduced": 142, "cost_reduction": 0}.get(indicator, 298)
