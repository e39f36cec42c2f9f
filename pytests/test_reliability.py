"""The reliability rule criterion by criterion and the bounded interval of means, on constructed cases run
through the compiled macros (macros/estimation/reliability.sql), and their effect on the built warehouse.

Each share case meets exactly one NCHS 2017 criterion (Parker et al., Vital Health Stat 2(175)), with a
case on the other side of its threshold; each mean case one rule of docs/precision.md."""

from __future__ import annotations

import math

import duckdb
import pytest
from scipy import stats

from aibarometer.dbt import run_dbt
from aibarometer.duckdb_functions import register

COLUMNS = ("name", "statistic", "ratio", "variance", "lower_ratio", "upper_ratio", "respondents", "effective_n",
           "degrees_of_freedom", "scale")
# A share of 50% on 100 respondents with a 10-point interval: reliable. Each case changes what it names.
SHARE = dict(statistic="pct", ratio=0.5, variance=0.0025, lower_ratio=0.45, upper_ratio=0.55, respondents=100,
             effective_n=100.0, degrees_of_freedom=90, scale=1)
MEAN = dict(statistic="mean_pct", ratio=20.0, variance=4.0, lower_ratio=16.0, upper_ratio=24.0, respondents=100,
            effective_n=80.0, degrees_of_freedom=90, scale=100)
CASES = {
    "share reliable": SHARE,
    "n 29": {**SHARE, "respondents": 29, "effective_n": 29.0},
    "n 30": {**SHARE, "respondents": 30, "effective_n": 30.0},
    "effective n 29.9": {**SHARE, "effective_n": 29.9},
    "width 30": {**SHARE, "lower_ratio": 0.35, "upper_ratio": 0.65},
    "width 29.9": {**SHARE, "lower_ratio": 0.3505, "upper_ratio": 0.6495},
    "relative width 140%": {**SHARE, "ratio": 0.05, "lower_ratio": 0.01, "upper_ratio": 0.08},
    "relative width 140%, width 5": {**SHARE, "ratio": 0.03, "lower_ratio": 0.01, "upper_ratio": 0.06},
    "relative width 128%": {**SHARE, "ratio": 0.05, "lower_ratio": 0.016, "upper_ratio": 0.08},
    "df 7": {**SHARE, "degrees_of_freedom": 7},
    "df 8": {**SHARE, "degrees_of_freedom": 8},
    "0%": {**SHARE, "ratio": 0.0, "variance": 0.0, "lower_ratio": 0.0, "upper_ratio": 0.03},
    "100%": {**SHARE, "ratio": 1.0, "variance": 0.0, "lower_ratio": 0.97, "upper_ratio": 1.0},
    "complement 225%": {**SHARE, "ratio": 0.96, "lower_ratio": 0.90, "upper_ratio": 0.99},
    "complement 120%": {**SHARE, "ratio": 0.90, "lower_ratio": 0.85, "upper_ratio": 0.97},
    "mean reliable": MEAN,
    "mean n 29": {**MEAN, "respondents": 29, "effective_n": 29.0},
    "mean rse 31%": {**MEAN, "variance": 6.2 ** 2},
    "mean rse 29%": {**MEAN, "variance": 5.8 ** 2},
    "mean df 7": {**MEAN, "degrees_of_freedom": 7},
    "mean zero se": {**MEAN, "variance": 0.0},
    "mean at 100": {**MEAN, "ratio": 100.0, "variance": 0.0},
    # the statistics guide's E2 (sector C, df 7): R svyciprop(method = "logit") gives [0.106845403616,
    # 0.856837575585]; the means' logit interval is that computation
    "E2": {**SHARE, "ratio": 0.458333333333333, "variance": 0.205395959064 ** 2, "degrees_of_freedom": 7},
}
EXPECTED = {  # case: (reliability, criteria)
    "share reliable": ("reliable", None),
    "n 29": ("unreliable", "n < 30; effective n < 30"),
    "n 30": ("reliable", None),
    "effective n 29.9": ("unreliable", "effective n < 30"),
    "width 30": ("unreliable", "interval width >= 30 points"),
    "width 29.9": ("reliable", None),
    "relative width 140%": ("unreliable", "relative interval width > 130%"),
    "relative width 140%, width 5": ("reliable", None),  # NCHS: no relative check at 5 points or less
    "relative width 128%": ("reliable", None),
    "df 7": ("review", "df < 8"),
    "df 8": ("reliable", None),
    "0%": ("review", "0% or 100%"),
    "100%": ("review", "0% or 100%"),
    "complement 225%": ("review", "complement relative interval width > 130%"),
    "complement 120%": ("reliable", None),
    "mean reliable": ("reliable", None),
    "mean n 29": ("unreliable", "n < 30"),
    "mean rse 31%": ("unreliable", "relative standard error > 30%"),
    "mean rse 29%": ("reliable", None),
    "mean df 7": ("review", "df < 8"),
    "mean zero se": ("review", "zero standard error"),
    "mean at 100": ("review", "zero standard error; at a bound of 0-100"),
    "E2": ("review", "df < 8"),
}


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """Every case through reliability_columns() and logit_t_bound(), compiled by dbt as the marts use them."""
    tmp = tmp_path_factory.mktemp("reliability")
    result = run_dbt(["--quiet", "compile", "--inline",
                      "select *, {{ reliability_columns() }}, "
                      "{{ logit_t_bound('ratio', 'variance', 'degrees_of_freedom', 'scale', 'lower') }} as logit_lower, "
                      "{{ logit_t_bound('ratio', 'variance', 'degrees_of_freedom', 'scale', 'upper') }} as logit_upper "
                      "from cases"], tmp / "w.duckdb", target_path=tmp / "target", echo=False)
    assert result.ok, result.output
    con = duckdb.connect()
    register(con)
    con.execute("create table cases (name varchar, statistic varchar, ratio double, variance double, "
                "lower_ratio double, upper_ratio double, respondents bigint, effective_n double, "
                "degrees_of_freedom bigint, scale double)")
    con.executemany("insert into cases values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [[name] + [case[c] for c in COLUMNS[1:]] for name, case in CASES.items()])
    frame = con.sql(result.output.strip()).df().set_index("name")
    con.close()
    return frame


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_criterion_on_its_own_case(judged, name):
    row = judged.loc[name]
    reliability, criteria = EXPECTED[name]
    assert (row["reliability"], row["reliability_criteria"] if isinstance(row["reliability_criteria"], str)
            else None) == (reliability, criteria)


def test_logit_interval_is_r_svyciprop_logit(judged):
    row = judged.loc["E2"]
    assert row["logit_lower"] == pytest.approx(0.106845403616, abs=1e-9)
    assert row["logit_upper"] == pytest.approx(0.856837575585, abs=1e-9)


def test_logit_interval_of_a_mean_stays_inside_its_range(judged):
    # a mean of 20% with a standard error of 2 points, against the logit formula written out here
    row = judged.loc["mean reliable"]
    p, se, t = 0.2, 0.02, stats.t.ppf(0.975, 90)
    logit = math.log(p / (1 - p))
    expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    assert row["logit_lower"] == pytest.approx(100 * expit(logit - t * se / (p * (1 - p))), abs=1e-9)
    assert row["logit_upper"] == pytest.approx(100 * expit(logit + t * se / (p * (1 - p))), abs=1e-9)
    at_bound = judged.loc["mean at 100"]
    assert at_bound["logit_lower"] == at_bound["logit_upper"] == 100


def test_warehouse_intervals_and_flags_keep_their_rules(db):
    """On the built warehouse: no interval leaves 0-100 (27 did before), effective n never exceeds the
    respondents (1,176 did), nothing on fewer than 30 respondents or at 0%/100% is 'reliable' (22 and 207
    were), and the cost reduction of 5-9 employee firms that the report prints has a bounded interval."""
    [(outside, over, small, edge)] = db.sql(
        "select count(*) filter (where ci_lower < 0 or ci_upper > 100), count(*) filter (where effective_n > "
        "respondents), count(*) filter (where respondents < 30 and reliability = 'reliable'), count(*) filter "
        "(where estimate in (0, 100) and reliability = 'reliable') from marts.fct_indicator_estimates").fetchall()
    assert (outside, over, small, edge) == (0, 0, 0, 0)
    [(lower, upper, reliability)] = db.sql(
        "select ci_lower, ci_upper, reliability from marts.fct_indicator_estimates where wave = 2021 and "
        "indicator = 'cost_reduction' and population = 'adopters' and breakdown_value = '5-9'").fetchall()
    assert 0 < lower < 18.3 < upper < 100 and reliability == "unreliable"
