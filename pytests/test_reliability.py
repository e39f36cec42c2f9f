"""The reliability rule criterion by criterion and the bounded interval of means, on constructed cases run
through the compiled macros (macros/estimation/reliability.sql), and their effect on the built warehouse.

Each share case meets exactly one NCHS 2017 criterion (Parker et al., Vital Health Stat 2(175)), with a
case on the other side of its threshold; each mean case one rule of docs/precision.md."""

from __future__ import annotations

import math

import numpy as np

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
                      "{{ logit_t_bound('ratio', 'variance', 'degrees_of_freedom', 'scale', 'lower') }} "
                      "as logit_lower, "
                      "{{ logit_t_bound('ratio', 'variance', 'degrees_of_freedom', 'scale', 'upper') }} "
                      "as logit_upper "
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


# --- The Korn-Graubard interval as the NCHS standard computes it, and the flags as CDC applies them --------

def nchs_interval(p: float, variance: float, n: int, df: int) -> tuple[float, float, float]:
    """CDC's svyciprop_adjusted(adj = "NCHS") (R package surveytable), written out: the df-adjusted effective
    sample size capped at n for 0 < p < 1 (a df of 0 or less makes the factor 0), n at 0% (and, mirrored,
    at 100%, where surveytable's own code gives NaN); the interval from beta quantiles."""
    if p <= 0 or p >= 1:
        n_eff = float(n)
    else:
        factor = (stats.t.ppf(0.975, n - 1) / stats.t.ppf(0.975, df)) ** 2 if df > 0 else 0.0
        n_eff = min(n, p * (1 - p) / variance * factor) if variance > 0 else (float(n) if factor else 0.0)
    lower = 0.0 if n_eff * p <= 0 else stats.beta.ppf(0.025, n_eff * p, n_eff * (1 - p) + 1)
    upper = 1.0 if n_eff * (1 - p) <= 0 else stats.beta.ppf(0.975, n_eff * p + 1, n_eff * (1 - p))
    return n_eff, lower, upper


def nchs_flag(p: float, variance: float, n: int, df: int, lower: float, upper: float) -> str:
    """surveytable's .lpe_percents: Px (suppress) -> 'unreliable'; Pc, Pdf, P0 (footnote or review) -> 'review'."""
    edge = p <= 0 or p >= 1
    n_eff = float(n) if edge or variance == 0 else min(n, p * (1 - p) / variance)
    width = 0.0 if edge else upper - lower
    if n_eff < 30:
        return "unreliable"
    if width <= 0.05:
        display, ruled = True, False
    elif width >= 0.30 or width / p > 1.30:
        return "unreliable"
    else:
        display, ruled = True, True
    complement = ruled and width / (1 - p) > 1.30
    return "review" if display and (complement or df < 8 or edge) else "reliable"


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """Shares through the estimation macro itself, one NACE group a case (its own strata): 10 of 40 say yes.
    A: N = 50 (a finite population correction of 0.2 makes p(1-p)/v = 195 > 40: the cap binds);
    B: N = 100,000 (p(1-p)/v = 39 < 40: it does not);
    C: 2 respondents in 2 strata, one saying yes (df = 0: the interval is [0, 100]);
    D: 0 of 40 (0%: n, no df factor)."""
    from pytests.test_precision import estimate_constructed

    design = {("A", "10-49"): (50, 40, 10), ("B", "10-49"): (100_000, 40, 10), ("C", "10-49"): (30, 1, 1),
              ("C", "50-249"): (20, 1, 0), ("D", "10-49"): (80, 40, 0)}
    out = estimate_constructed(
        tmp_path_factory.mktemp("capped"),
        [(1, "example", "share", "pct", "all_firms", nace, size, n, yes, yes, 0)
         for (nace, size), (_, n, yes) in design.items()],
        [(nace, size, big, n) for (nace, size), (big, n, _) in design.items()],
        [("share", "aandeel", "share", "", "")])
    return out[out["breakdown"] == "nace_group"].set_index("breakdown_value"), design


@pytest.mark.parametrize("case", ["A", "B", "C", "D"])
def test_interval_on_each_side_of_the_cap(capped, case):
    rows, design = capped
    row = rows.loc[case]
    strata = [(big, n, yes) for (nace, _), (big, n, yes) in design.items() if nace == case]
    # the share and its stratified variance, written out (stratified SRS without replacement, scores z)
    x = sum(big for big, _, _ in strata)
    p = sum(big / n * yes for big, n, yes in strata) / x
    variance = 0.0
    for big, n, yes in strata:
        z = np.array([big / n * (y - p) / x for y in [1.0] * yes + [0.0] * (n - yes)])
        variance += (1 - n / big) * (n / (n - 1) * ((z - z.mean()) ** 2).sum() if n > 1 else z.sum() ** 2)
    n_total, df = sum(n for _, n, _ in strata), sum(n for _, n, _ in strata) - len(strata)
    n_eff, lower, upper = nchs_interval(p, variance, n_total, df)
    assert row["std_error"] == pytest.approx(100 * math.sqrt(variance), abs=1e-9)
    assert row["kg_effective_n"] == pytest.approx(n_eff, abs=1e-9)
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((100 * lower, 100 * upper), abs=1e-9)
    uncapped = p * (1 - p) / variance if 0 < p < 1 and variance > 0 and df > 0 else None
    if case == "A":  # the cap binds: the uncapped interval would be narrower
        assert uncapped > n_total and n_eff == n_total
    if case == "B":
        assert uncapped < n_total and n_eff == pytest.approx(uncapped)
    if case == "C":
        assert (n_eff, row["ci_lower"], row["ci_upper"]) == (0, 0, 100)
    if case == "D":
        assert n_eff == n_total and row["ci_upper"] == pytest.approx(100 * (1 - 0.025 ** (1 / 40)), abs=1e-9)


def test_every_share_of_the_warehouse_is_judged_as_cdc_judges_it(db):
    """Every share's interval and reliability recomputed from its estimate, standard error, respondents and df
    by the functions above, written from CDC's source, and compared with the warehouse."""
    shares = db.sql("select estimate, std_error, respondents, degrees_of_freedom, ci_lower, ci_upper, reliability "
                    "from marts.fct_indicator_estimates where statistic = 'pct'").fetchall()
    assert len(shares) == 8582
    wrong_interval, wrong_flag = [], []
    for estimate, se, n, df, ci_lower, ci_upper, reliability in shares:
        p, variance = estimate / 100, (se / 100) ** 2
        _, lower, upper = nchs_interval(p, variance, n, df)
        if abs(ci_lower - 100 * lower) > 1e-7 or abs(ci_upper - 100 * upper) > 1e-7:
            wrong_interval.append((estimate, n, df, ci_lower, ci_upper, 100 * lower, 100 * upper))
        if nchs_flag(p, variance, n, df, lower, upper) != reliability:
            wrong_flag.append((estimate, n, df, reliability))
    assert wrong_interval == [] and wrong_flag == []


def test_the_example_the_issue_measured(db):
    """2021, strategic management, adopters, NACE 58-63 (40 respondents): the uncapped interval was [4.0, 10.6]
    and the share 'reliable'; the standard's interval is [1.3, 19.4], which is too wide relative to the
    share (relative width > 130%)."""
    [(lower, upper, reliability, criteria)] = db.sql(
        "select ci_lower, ci_upper, reliability, reliability_criteria from marts.fct_indicator_estimates "
        "where wave = 2021 and indicator = 'applies_strategic_management' and population = 'adopters' "
        "and breakdown = 'nace_group' and breakdown_value = '58-63'").fetchall()
    assert (round(lower, 1), round(upper, 1)) == (1.3, 19.4)
    assert reliability == "unreliable" and "relative interval width > 130%" in criteria
