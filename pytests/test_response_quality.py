"""Response, coverage and representativity indicators (marts.fct_quality_indicators, docs/quality.md), the
eligibility-adjusted weighting and its sensitivity table, and the coefficient of variation of every estimate.

Each figure is computed again here, independently of the SQL: case dispositions and AAPOR rates from the
invitations and the response dispositions with pandas; the R-indicator and partial R-indicators by CBS's
RISQ method (getRIndicator: a weighted logistic fit, its covariance matrix and the matrix formulas of the
bias adjustment and standard error) with numpy, against the closed form the SQL uses (macros/quality); and
the issue's figures for the 2021 wave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import duckdb
from aibarometer.dbt import run_dbt

# --- RISQ, sample based, as its R code computes it (de Heij, Schouten and Shlomo 2015) ---------------------


def _fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted logistic regression by iteratively reweighted least squares, as R's glm with prior weights
    w: the fitted propensities and the covariance matrix of the coefficients (dispersion 1)."""
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ beta))
        info = x.T @ (x * (w * p * (1 - p))[:, None])
        step = np.linalg.solve(info, x.T @ (w * (y - p)))
        beta += step
        if np.max(np.abs(step)) < 1e-13:
            break
    p = 1 / (1 + np.exp(-x @ beta))
    return p, np.linalg.inv(x.T @ (x * (w * p * (1 - p))[:, None]))


def _var_total_stsi(y: np.ndarray, d: np.ndarray, strata: np.ndarray) -> float:
    """RISQ's getSampleVarTotalSTSI: sum over strata of N_h^2 (1 - n_h / N_h) s_h^2 / n_h."""
    total = 0.0
    for h in np.unique(strata):
        inside = strata == h
        big, n = d[inside].sum(), inside.sum()
        total += big ** 2 * (1 - n / big) * np.var(y[inside], ddof=1) / n
    return total


def _cov_ml(m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """R's cov.wt(m, wt = d, method = 'ML')$cov."""
    w = d / d.sum()
    centred = m - w @ m
    return centred.T @ (centred * w[:, None])


def _dummies(values: np.ndarray) -> np.ndarray:
    return (values[:, None] == np.unique(values)[None, :]).astype(float)


def risq(units: pd.DataFrame) -> dict:
    """R-indicator and partial R-indicators for NACE group and size class, propensities modelled on the
    stratum. units: one row per sampled firm with nace_group, size_class, d (N_h / m_h) and y (0/1)."""
    d, y = units["d"].to_numpy(float), units["y"].to_numpy(float)
    strata = (units["nace_group"] + " x " + units["size_class"]).to_numpy()
    big = d.sum()

    def model(x: np.ndarray) -> dict:
        prop, sigma = _fit_logistic(x, y, d / d.mean())
        mean = np.average(prop, weights=d)
        z = (prop * (1 - prop))[:, None] * x
        zs = z * np.sqrt(d)[:, None]
        lambda1 = np.einsum("ij,jk,ik->", zs, sigma, zs)
        bias = (lambda1 - _var_total_stsi(prop, d, strata) / big) / big
        var_ml = np.sum(d * (prop - mean) ** 2) / big
        a = _cov_ml(np.column_stack([prop, z]), d)[1:, 0]
        b = _cov_ml(z, d)
        r_var = (4 * a @ sigma @ a + 2 * np.trace(b @ sigma @ b @ sigma)
                 + _var_total_stsi((prop - mean) ** 2, d, strata) / big ** 2) / var_ml
        return dict(prop=prop, mean=mean, bias=bias, r_se=np.sqrt(r_var))

    full = model(_dummies(strata))
    prop, mean = full["prop"], full["mean"]
    variance = np.sum(d * (prop - mean) ** 2) / (big - 1)
    factor = 0.0 if full["bias"] > variance else 1 - full["bias"] / variance
    out = {("total", "TOTAL", "r_indicator"): (1 - 2 * np.sqrt(variance * factor), full["r_se"]),
           ("total", "TOTAL", "r_indicator_unadjusted"): (1 - 2 * np.sqrt(variance), None),
           ("total", "TOTAL", "response_propensity_mean"): (mean, None),
           ("total", "TOTAL", "maximal_absolute_bias"): (np.sqrt(variance * factor) / mean, None)}
    for variable, other in (("nace_group", "size_class"), ("size_class", "nace_group")):
        categories, others = units[variable].to_numpy(), units[other].to_numpy()
        se = 0.5 * model(_dummies(categories))["r_se"]
        unconditional, conditional = 0.0, 0.0
        by_other = {o: np.average(prop[others == o], weights=d[others == o]) for o in np.unique(others)}
        for k in np.unique(categories):
            inside = categories == k
            n_k, p_k = d[inside].sum(), np.average(prop[inside], weights=d[inside])
            share = n_k * (p_k - mean) ** 2 / big
            within = np.sum(d[inside] * (prop[inside] - np.array([by_other[o] for o in others[inside]])) ** 2) / big
            out[(variable, k, "partial_r_unconditional")] = (np.sign(p_k - mean) * np.sqrt(share), None)
            out[(variable, k, "partial_r_conditional")] = (np.sqrt(within), None)
            unconditional += share
            conditional += within
        out[(variable, "TOTAL", "partial_r_unconditional")] = (np.sqrt(unconditional * factor), se)
        out[(variable, "TOTAL", "partial_r_conditional")] = (np.sqrt(conditional * factor), se)
    return out


def units_of(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per sampled firm of cells (nace_group, size_class, population_firms, sampled, responded)."""
    rows = []
    for cell in cells.itertuples():
        d = cell.population_firms / cell.sampled
        rows += [(cell.nace_group, cell.size_class, d, 1.0 if i < cell.responded else 0.0)
                 for i in range(cell.sampled)]
    return pd.DataFrame(rows, columns=["nace_group", "size_class", "d", "y"])


# --- the SQL macro on constructed cells ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def r_indicator_sql(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("r_indicators")
    result = run_dbt(["--quiet", "compile", "--inline",
                      "with {{ r_indicators('cells') }} select * from r_indicator_rows"],
                     tmp / "w.duckdb", target_path=tmp / "target", echo=False)
    assert result.ok, result.output
    return result.output.strip()


def macro_rows(sql: str, cells: pd.DataFrame) -> dict:
    con = duckdb.connect()
    con.register("cells_frame", cells)
    con.execute("create table cells as select * from cells_frame")
    rows = con.sql(sql).fetchall()
    con.close()
    return {(b, v, q): (value, se) for _, b, v, q, value, se in rows}


CONSTRUCTED = pd.DataFrame(
    [(1, "A", "small", 400, 40, 6), (1, "A", "large", 60, 30, 17), (1, "B", "small", 900, 50, 9),
     (1, "B", "large", 100, 25, 11), (1, "C", "small", 300, 20, 3), (1, "C", "large", 40, 20, 12)],
    columns=["wave", "nace_group", "size_class", "population_firms", "sampled", "responded"])


def test_r_indicators_equal_risq_on_a_constructed_sample(r_indicator_sql):
    """Six strata of unequal response: the closed form over strata gives what RISQ's logistic fit and
    matrix formulas give, value and standard error, to 1e-10."""
    sql = macro_rows(r_indicator_sql, CONSTRUCTED)
    reference = risq(units_of(CONSTRUCTED))
    assert set(reference) <= set(sql)
    for key, (value, se) in reference.items():
        assert sql[key][0] == pytest.approx(value, abs=1e-10), key
        if se is not None:
            assert sql[key][1] == pytest.approx(se, abs=1e-10), key
    # what the numbers say: response varies, so R < 1; the bias adjustment raises it
    assert 0 < sql[("total", "TOTAL", "r_indicator_unadjusted")][0] < sql[("total", "TOTAL", "r_indicator")][0] < 1


def test_equal_response_everywhere_is_perfectly_representative(r_indicator_sql):
    """Every stratum responding at 25%: no propensity varies, so R = 1 (adjusted and not), every partial
    is 0 and the bias bound is 0; the mean propensity is the rate."""
    cells = CONSTRUCTED.assign(sampled=[40, 20, 40, 20, 40, 20], responded=[10, 5, 10, 5, 10, 5])
    sql = macro_rows(r_indicator_sql, cells)
    assert sql[("total", "TOTAL", "r_indicator")][0] == pytest.approx(1.0, abs=1e-12)
    assert sql[("total", "TOTAL", "r_indicator_unadjusted")][0] == pytest.approx(1.0, abs=1e-12)
    assert sql[("total", "TOTAL", "response_propensity_mean")][0] == pytest.approx(0.25, abs=1e-12)
    assert sql[("total", "TOTAL", "maximal_absolute_bias")][0] == pytest.approx(0.0, abs=1e-12)
    assert all(abs(value) < 1e-12 for (b, v, q), (value, _) in sql.items() if q.startswith("partial"))


def test_r_indicators_of_a_committed_wave_equal_risq(db):
    """The 2021 wave's 14,274 sampled firms in 36 strata (complete response or not), through RISQ's method
    in numpy, against the mart."""
    cells = db.sql("""
        select o.wave, o.nace_group, o.size_class, max(s.population_firms) as population_firms,
               count(*) as sampled, count(*) filter (where o.outcome = 'complete') as responded
        from intermediate.int_invitation_outcomes as o
        join marts.dim_strata as s using (wave, nace_group, size_class)
        where o.wave = 2021 group by all order by all""").df()
    assert cells["sampled"].sum() == 14274 and cells["responded"].sum() == 1717
    reference = risq(units_of(cells))
    mart = {(b, v, q): (value, se) for b, v, q, value, se in db.sql(
        "select breakdown, breakdown_value, quality_indicator, indicator_value, std_error "
        "from marts.fct_quality_indicators "
        "where wave = 2021 and weighting = 'design'").fetchall()}
    for key, (value, se) in reference.items():
        assert mart[key][0] == pytest.approx(value, abs=1e-9), key
        if se is not None:
            assert mart[key][1] == pytest.approx(se, abs=1e-9), key
    r, se = mart[("total", "TOTAL", "r_indicator")]
    assert (round(r, 4), round(se, 4)) == (0.7532, 0.0064)


# --- case dispositions and AAPOR rates ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cases(db) -> pd.DataFrame:
    """Each counted invitation's outcome, derived here from the invitations and the response dispositions."""
    invitations = db.sql("select wave, invitation_id, nace_group, size_class, is_delivered "
                         "from intermediate.int_invitations where is_counted").df()
    responses = db.sql("select wave, counted_invitation_id as invitation_id, disposition "
                       "from intermediate.int_responses_linked where counted_invitation_id is not null").df()
    order = ["usable", "no_ai_question_answered", "duplicate", "fewer_than_5_employees", "sector_out_of_scope"]
    outcome_of = {"usable": "I", "no_ai_question_answered": "R", "duplicate": "R",
                  "fewer_than_5_employees": "NE", "sector_out_of_scope": "NE"}
    responses["rank"] = responses["disposition"].map({d: i for i, d in enumerate(order)}).fillna(len(order))
    best = responses.sort_values("rank").drop_duplicates(["wave", "invitation_id"])
    merged = invitations.merge(best, on=["wave", "invitation_id"], how="left")
    merged["case"] = merged["disposition"].map(outcome_of).fillna("U")
    frame = db.sql("select wave, nace_group, size_class, population_firms from marts.dim_strata").df()
    merged = merged.merge(frame, on=["wave", "nace_group", "size_class"])
    merged["d"] = merged["population_firms"] / merged.groupby(["wave", "nace_group", "size_class"])[
        "invitation_id"].transform("count")
    return merged


def aapor(group: pd.DataFrame, weight: str | None) -> dict:
    w = group[weight] if weight else pd.Series(1.0, index=group.index)
    count = {c: w[group["case"] == c].sum() for c in ("I", "R", "NE", "U")}
    e = (count["I"] + count["R"]) / (count["I"] + count["R"] + count["NE"])
    return {"eligibility_rate": 100 * e, "over_coverage_rate": 100 * (1 - e),
            "response_rate_rr1": 100 * count["I"] / (count["I"] + count["R"] + count["U"]),
            "response_rate_rr3": 100 * count["I"] / (count["I"] + count["R"] + e * count["U"]),
            "usable_per_sampled": 100 * count["I"] / w.sum()}


def test_response_rates_equal_aapor_computed_from_the_dispositions(db, cases):
    """Every wave in total and every 2021 stratum, unweighted and design-weighted, to 1e-10."""
    mart = {(w, b, v, q, g): value for w, b, v, q, g, value in db.sql(
        "select wave, breakdown, breakdown_value, quality_indicator, weighting, indicator_value "
        "from marts.fct_quality_indicators").fetchall()}
    checked = 0
    for (wave, nace, size), group in [((w, None, None), g) for w, g in cases.groupby("wave")] + [
            (key, g) for key, g in cases[cases["wave"] == 2021].groupby(["wave", "nace_group", "size_class"])]:
        breakdown, value = ("total", "TOTAL") if nace is None else ("stratum", f"{nace} x {size}")
        for weighting, column in (("none", None), ("design", "d")):
            for indicator, expected in aapor(group, column).items():
                assert mart[(wave, breakdown, value, indicator, weighting)] == pytest.approx(expected, abs=1e-10)
                checked += 1
    assert checked == (3 + 36) * 2 * 5


def test_the_issue_figures_for_the_first_wave(db, cases):
    """1,717 usable of 14,274 sampled (12.0%), 16.0% design-weighted (RR1: over eligible and unknown firms),
    the weights' range 2.3-239 with a Kish design effect of 2.22, and the eligibility-adjusted headline."""
    q = {(b, v, i, g): value for b, v, i, g, value in db.sql(
        "select breakdown, breakdown_value, quality_indicator, weighting, indicator_value "
        "from marts.fct_quality_indicators where wave = 2021").fetchall()}
    assert q[("total", "TOTAL", "cases_sampled", "none")] == 14274
    assert q[("total", "TOTAL", "cases_complete", "none")] == 1717
    assert q[("total", "TOTAL", "cases_ineligible", "none")] == 355
    assert q[("total", "TOTAL", "responses_received", "none")] == 2741
    assert round(q[("total", "TOTAL", "usable_per_sampled", "none")], 1) == 12.0
    assert round(q[("total", "TOTAL", "response_rate_rr1", "design")], 1) == 16.0
    assert round(q[("total", "TOTAL", "kish_design_effect", "report")], 2) == 2.22
    assert (round(q[("total", "TOTAL", "weight_min", "report")], 1),
            round(q[("total", "TOTAL", "weight_max", "report")])) == (2.3, 239)
    assert q[("total", "TOTAL", "weighted_population", "report")] == pytest.approx(34452, abs=1e-9)
    headline = dict(db.sql("select weighting, estimate from marts.fct_weighting_sensitivity where wave = 2021 "
                           "and indicator = 'uses_any_ai' and population = 'all_firms'").fetchall())
    assert round(headline["report"], 2) == 23.18
    # the issue's 23.76 took e from the responses (repeats counted); per sampled firm, as AAPOR counts: 23.77
    assert round(headline["eligibility_adjusted"], 2) == 23.77


def test_kish_design_effect_and_weights_from_the_respondents(db):
    """Kish's 1 + cv^2 of the report's weights over the usable respondents, per wave and size class."""
    respondents = db.sql("select wave, size_class, design_weight as w from marts.fct_respondents").df()
    mart = {(w, b, v): value for w, b, v, value in db.sql(
        "select wave, breakdown, breakdown_value, indicator_value from marts.fct_quality_indicators "
        "where quality_indicator = 'kish_design_effect' and weighting = 'report'").fetchall()}
    for (wave, size), group in [((w, None), g) for w, g in respondents.groupby("wave")] + list(
            respondents.groupby(["wave", "size_class"])):
        w = group["w"].to_numpy()
        kish = len(w) * np.sum(w ** 2) / np.sum(w) ** 2
        key = (wave, "total", "TOTAL") if size is None else (wave, "size_class", size)
        assert mart[key] == pytest.approx(kish, rel=1e-12)


# --- the eligibility-adjusted weighting ---------------------------------------------------------------------


def test_eligibility_adjusted_populations_follow_the_rule(db, cases):
    """N_h x e_h, e_h the eligible share of the stratum's classified sampled firms (the wave's weighted e
    where none is classified), never below n_h; the report's rows are dim_strata's."""
    weights = db.sql("select * from intermediate.int_strata_weightings").df()
    strata = db.sql("select wave, nace_group, size_class, population_firms, usable_responses, design_weight "
                    "from marts.dim_strata").df()
    report = weights[weights["weighting"] == "report"].merge(strata, on=["wave", "nace_group", "size_class"])
    assert len(report) == len(strata)
    assert (report["design_weight_x"].fillna(-1) == report["design_weight_y"].fillna(-1)).all()
    classified = cases[cases["case"] != "U"]
    e_h = classified.groupby(["wave", "nace_group", "size_class"])["case"].apply(
        lambda c: (c != "NE").mean()).rename("e_h").reset_index()
    adjusted = weights[weights["weighting"] == "eligibility_adjusted"].merge(
        strata, on=["wave", "nace_group", "size_class"], suffixes=("", "_frame")).merge(
        e_h, on=["wave", "nace_group", "size_class"], how="left")
    for wave, group in adjusted.groupby("wave"):
        c = classified[classified["wave"] == wave]
        wave_e = (c["d"] * (c["case"] != "NE")).sum() / c["d"].sum()
        e = group["e_h"].fillna(wave_e)
        expected = np.maximum(group["population_firms_frame"] * e, group["usable_responses"])
        assert np.allclose(group["population_firms"], expected, rtol=1e-12)
    assert adjusted.loc[adjusted["wave"] == 2021, "population_firms"].sum() == pytest.approx(29188.34, abs=0.01)


def test_sensitivity_report_rows_are_the_published_estimates(db):
    """The report's scheme in the sensitivity table is fct_indicator_estimates' total rows, to 1e-12; every
    estimate there says its scheme."""
    rows = db.sql("""
        select count(*), max(abs(s.estimate - e.estimate)), max(abs(s.std_error - e.std_error)),
               max(abs(s.ci_lower - e.ci_lower)), max(abs(s.ci_upper - e.ci_upper))
        from marts.fct_weighting_sensitivity as s
        join marts.fct_indicator_estimates as e using (wave, indicator, population, breakdown, breakdown_value)
        where s.weighting = 'report'""").fetchall()[0]
    totals = db.sql("select count(*) from marts.fct_indicator_estimates where breakdown = 'total'").fetchall()[0][0]
    assert rows[0] == totals and max(rows[1:]) < 1e-12
    assert db.sql("select distinct weighting from marts.fct_indicator_estimates").fetchall() == [("report",)]
    assert db.sql("select count(*) from marts.fct_weighting_sensitivity where weighting = 'eligibility_adjusted'"
                  ).fetchall()[0][0] == totals


# --- coefficient of variation and item response -------------------------------------------------------------


def test_cv_is_the_standard_error_over_the_estimate(db):
    rows = db.sql("select estimate, std_error, cv from marts.fct_indicator_estimates").df()
    nonzero = rows[rows["estimate"] != 0]
    assert np.allclose(nonzero["cv"], nonzero["std_error"] / nonzero["estimate"], rtol=1e-12)
    assert rows.loc[rows["estimate"] == 0, "cv"].isna().all()
    withheld = db.sql("select count(*) filter (where cv is not null) from marts.fct_observations "
                      "where conf_status = 'C'").fetchall()[0][0]
    assert withheld == 0


def test_item_response_of_a_routed_item_from_the_respondents(db):
    """An item put to adopters only (app_marketing_sales) and one put to everyone (an AI-technology item):
    asked and answered counted from the respondents directly."""
    mart = {(w, i): (a, n) for w, i, a, n in db.sql(
        "select wave, item, asked, answered from marts.fct_item_response_rates").fetchall()}
    respondents = db.sql("select wave, is_adopter, app_marketing_sales, tech_text_analysis "
                         "from marts.fct_respondents").df()
    for wave, group in respondents.groupby("wave"):
        adopters = group[group["is_adopter"]]
        assert mart[(wave, "app_marketing_sales")] == (len(adopters), adopters["app_marketing_sales"].notna().sum())
        assert mart[(wave, "tech_text_analysis")] == (len(group), group["tech_text_analysis"].notna().sum())
