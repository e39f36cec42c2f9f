"""The domain-comparison mart against svy's svyby-and-svycontrast route (Estimate.contrast, which mirrors R
survey's svycontrast over svyby domain means with their full covariance), and its Holm adjustment against
a step-down written here."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from aibarometer.paths import PROJECT_ROOT
from pytests.survey_reference import svy_indicator_columns

INDICATORS = ["uses_any_ai", "barrier_limited_usefulness", "great_lack_technical_ai", "knows_ai_action_plan",
              "cost_reduction", "source_developed_in_house"]


@pytest.fixture(scope="module")
def respondents(db):
    import polars as pl

    frame = pl.from_pandas(db.sql("select * from marts.fct_respondents where wave = 2021").df())
    return frame.with_columns(
        (pl.col("nace_group") + " x " + pl.col("size_class")).alias("stratum"),
        pl.col("stratum_population").cast(pl.Float64),
        pl.when(pl.col("is_adopter")).then(pl.lit("adopters")).otherwise(pl.lit("non_adopters")).alias("status"),
    )


@pytest.mark.parametrize("indicator", INDICATORS)
def test_differences_and_standard_errors_equal_svy_contrasts(db, respondents, indicator):
    import polars as pl
    import svy

    definitions = pd.read_csv(PROJECT_ROOT / "seeds" / "questionnaire" / "indicators.csv", dtype=str,
                              keep_default_na=False).set_index("indicator")
    y, valid = svy_indicator_columns(definitions.loc[indicator])
    sample = svy.Sample(respondents.with_columns(y.alias("y"), valid.alias("valid")),
                        svy.Design(stratum="stratum", wgt="design_weight", pop_size="stratum_population",
                                   singleton="center"))
    rows = db.sql(f"select * from marts.fct_domain_comparisons where wave = 2021 and indicator = '{indicator}'").df()
    scale = 100.0 if definitions.loc[indicator, "statistic"] == "pct" else 1.0
    where = {"all_firms": pl.lit(True), "adopters": pl.col("is_adopter"), "non_adopters": ~pl.col("is_adopter")}
    compared = 0
    for (comparison, breakdown, population), group in rows.groupby(["comparison", "breakdown", "population_a"]):
        if comparison == "adopter_status":  # domains: breakdown value x adopter status, all firms
            by = ["status"] if breakdown == "total" else [breakdown, "status"]
            means = sample.estimation.mean("y", by=by, where=pl.col("valid"))
        else:
            means = sample.estimation.mean("y", by=breakdown, where=pl.col("valid") & where[population])
        for row in group.itertuples():
            if comparison == "adopter_status":
                a = "adopters" if breakdown == "total" else (row.value_a, "adopters")
                b = "non_adopters" if breakdown == "total" else (row.value_b, "non_adopters")
            else:
                a, b = row.value_a, row.value_b
            got = means.contrast({a: 1, b: -1}).to_polars().row(0, named=True)
            assert row.difference == pytest.approx(scale * got["est"], abs=1e-9), (indicator, row)
            assert row.std_error == pytest.approx(scale * got["se"], abs=1e-9), (indicator, row)
            compared += 1
    assert compared == len(rows) > 0


def test_adopter_comparisons_carry_a_covariance(db):
    """Adopters and non-adopters share strata: their covariance is not 0 and changes the standard error."""
    [(pairs, with_covariance)] = db.sql(
        "select count(*), count(*) filter (where abs(covariance) > 1e-9) from marts.fct_domain_comparisons "
        "where comparison = 'adopter_status' and wave = 2021").fetchall()
    assert pairs > 0 and with_covariance > pairs / 2


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjustment (Holm S. Scand J Statist 1979;6:65-70), in the input order."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted, running = [0.0] * len(p_values), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def test_holm_adjustment_per_family(db):
    rows = db.sql("select wave, indicator, comparison, breakdown, population_a, p_value, p_value_holm, family_size "
                  "from marts.fct_domain_comparisons where p_value is not null and wave = 2021 and indicator in "
                  "('uses_any_ai', 'cost_reduction', 'great_lack_technical_ai')").df()
    families = rows.groupby(["wave", "indicator", "comparison", "breakdown", "population_a"])
    assert len(families) >= 9
    for _, family in families:
        assert (family["family_size"] == len(family)).all()
        assert family["p_value_holm"].tolist() == pytest.approx(holm(family["p_value"].tolist()), abs=1e-12)


def test_no_adjusted_p_value_without_a_p_value(db, published):
    """880 comparisons have no p-value (a standard error of 0, or no degrees of freedom); none carries a Holm
    value, in the analysts' warehouse or the public database, and every other one does."""
    [(without, holm_without, holm_with, with_p)] = db.sql(
        "select count(*) filter (where p_value is null), count(*) filter (where p_value is null and p_value_holm "
        "is not null), count(p_value_holm) filter (where p_value is not null), count(p_value) "
        "from marts.fct_domain_comparisons").fetchall()
    assert (without, holm_without, holm_with) == (880, 0, with_p)
    public = duckdb.connect(str(published["public"]), read_only=True)
    assert public.sql("select count(*) from marts.fct_domain_comparisons where p_value is null and "
                      "p_value_holm is not null").fetchall() == [(0,)]
    public.close()
