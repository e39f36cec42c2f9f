"""Trends between editions that share firms: the committed waves are draws from one synthetic register, and
the trend mart's covariance equals an independent implementation of the overlap estimator, whose standard
error a simulation shows right (benchmarks/trend_variance.py; docs/trends.md)."""

from __future__ import annotations

import csv
import importlib.util
import numpy as np
import pytest

from aibarometer.paths import PROJECT_ROOT, wave_dir

from .conftest import rows

WAVES = (2021, 2023, 2025)


def simulation():
    """benchmarks/trend_variance.py as a module: its estimator is the independent implementation."""
    spec = importlib.util.spec_from_file_location("trend_variance", PROJECT_ROOT / "benchmarks" / "trend_variance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sampled_numbers(wave: int) -> set[str]:
    with open(wave_dir(wave) / "sample.csv", newline="", encoding="utf-8") as f:
        return {"".join(ch for ch in r["enterprise_number"] if ch.isdigit()) for r in csv.DictReader(f)}


def test_editions_drawn_from_one_register_share_firms_as_the_design_implies():
    """Take-all strata and all qualifying micro firms: two editions share most of their samples (at least
    5,348 of 2021's 14,274 firms by counting alone), and a firm keeps its enterprise number."""
    samples = {w: sampled_numbers(w) for w in WAVES}
    assert {w: len(s) for w, s in samples.items()} == {2021: 14274, 2023: 15807, 2025: 9610}
    assert len(samples[2021] & samples[2023]) >= 5348
    assert len(samples[2023] & samples[2025]) >= 5000
    assert len(samples[2021] & samples[2023] & samples[2025]) > 1000


def test_linked_respondents_and_the_overlap_they_give(db):
    """Firms usable in two waves, in the same stratum in both, as the overlap model counts them; and as the
    trend mart reports them for the headline."""
    linked = dict(((b, w), n) for b, w, n in rows(db, """
        select e.wave, l.wave, count(*) from marts.fct_respondents e
        join marts.fct_respondents l on e.firm_key = l.firm_key and e.wave < l.wave
          and e.nace_group = l.nace_group and e.size_class = l.size_class
        group by all"""))
    assert linked == {(2021, 2023): 358, (2021, 2025): 451, (2023, 2025): 515}
    model = dict(((b, w), n) for b, w, n in rows(db, """
        select base_wave, wave, sum(linked_respondents) from (
          select distinct base_wave, wave, nace_group, size_class, linked_respondents
          from intermediate.int_indicator_overlap_moments) group by all"""))
    assert model == linked
    (overlap,) = rows(db, "select overlap_respondents from marts.fct_indicator_trends where indicator = 'uses_any_ai' "
                          "and population = 'all_firms' and breakdown = 'total' and base_wave = 2023 and wave = 2025")
    assert overlap == (515,)  # every linked firm answered the headline in both waves


@pytest.mark.parametrize("indicator, population, breakdown, value", [
    ("uses_any_ai", "all_firms", "total", "TOTAL"),
    ("uses_any_ai", "all_firms", "size_class", "250+"),
    ("uses_any_ai", "all_firms", "nace_group", "58-63"),
    ("barrier_lack_of_knowledge_skills", "non_adopters", "total", "TOTAL"),
    ("uses_text_analysis", "all_firms", "size_class", "50-249"),
])
def test_the_marts_covariance_equals_the_independent_estimator(db, indicator, population, breakdown, value):
    """Per pair of waves: the change, both variances and the covariance from fct_respondents by the
    simulation's estimator (numpy, written apart from the SQL) equal the trend mart's."""
    estimator = simulation().stratified_change
    item, codes = _definition(indicator)
    trends = rows(db, "select base_wave, wave, estimate_change, base_estimate, estimate, covariance, std_error, "
                      "std_error_independent from marts.fct_indicator_trends where indicator = ? and population = ? "
                      "and breakdown = ? and breakdown_value = ?", indicator, population, breakdown, value)
    assert trends, "no trend row"
    for base, wave, change, _, _, covariance, se, se_independent in trends:
        data = {}
        for w in (base, wave):
            frame = dict(((g, s), n) for g, s, n in rows(
                db, "select nace_group, size_class, population_firms from marts.dim_strata where wave = ?", w))
            r = rows(db, f"select firm_key, nace_group, size_class, is_adopter, {item} "
                         "from marts.fct_respondents where wave = ? order by respondent_key", w)
            answered = np.array([x[4] is not None for x in r])
            counted = np.array([x[4] is not None and str(x[4]) in codes for x in r], dtype=float)
            inside = {"all_firms": np.ones(len(r), bool), "adopters": np.array([x[3] for x in r]),
                      "non_adopters": ~np.array([x[3] for x in r], bool)}[population]
            if breakdown == "nace_group":
                inside &= np.array([x[1] == value for x in r])
            elif breakdown == "size_class":
                inside &= np.array([x[2] == value for x in r])
            x = (answered & inside).astype(float)
            strata = np.array([f"{g}|{s}" for _, g, s, *_ in r])
            data[w] = (strata, counted * x, x, [k for k, *_ in r], {f"{g}|{s}": n for (g, s), n in frame.items()})
        (s1, y1, x1, k1, n1), (s2, y2, x2, k2, n2) = data[base], data[wave]
        at = {key: j for j, key in enumerate(k2)}
        linked = [(i, at[key]) for i, key in enumerate(k1) if key is not None and key in at and s1[i] == s2[at[key]]]
        got_change, v1, v2, cov = estimator(s1, y1, x1, s2, y2, x2, linked, n1, n2)
        assert change == pytest.approx(100 * got_change, abs=1e-9)
        assert se_independent == pytest.approx(100 * np.sqrt(v1 + v2), rel=1e-9)
        assert covariance == pytest.approx(1e4 * cov, rel=1e-9, abs=1e-12)
        assert se == pytest.approx(100 * np.sqrt(max(v1 + v2 - 2 * cov, 0)), rel=1e-9)
        if (base, wave) != (2021, 2025) and len(linked) > 50:
            assert covariance > 0  # a firm's answers persist: the editions' estimates move together


def _definition(indicator: str) -> tuple[str, set[str]]:
    """The item and counted codes of a share indicator without a condition, from the seed."""
    with open(PROJECT_ROOT / "seeds" / "questionnaire" / "indicators.csv", newline="", encoding="utf-8") as f:
        r = next(r for r in csv.DictReader(f) if r["indicator"] == indicator)
    assert r["statistic"] == "pct" and not r["condition_item"]
    return r["item"], set(r["counted_codes"].split("|"))


def test_the_overlap_standard_error_matches_the_spread_of_changes_across_draws():
    """A short run of the simulation (benchmarks/trend_variance.py runs 1,000 draws of four domains; figures
    in docs/trends.md), among firms of 250 or more employees, where take-all strata and repeated response
    make the overlap weigh: the mean estimated standard error with the overlap is within the simulation's
    own tolerance (two standard errors of the empirical figure) of the standard deviation of the changes
    across draws, and the independent-samples formula overstates it by more than that tolerance."""
    r = simulation().simulate(draws=400, seed=1, domain="size=250+")
    tolerance = r["relative_tolerance"]
    assert 0.05 < tolerance < 0.1
    assert abs(r["overlap_se"] / r["empirical_se"] - 1) < tolerance
    assert r["independent_se"] / r["empirical_se"] - 1 > tolerance
    assert r["correlation"] > 0.2


def test_each_edition_has_its_own_funnel_and_answers(db):
    """Dispositions counted per wave differ in every step; no share of one wave equals another's in a cell
    with five or more respondents in both (the previous 2023 wave copied all 140 application estimates)."""
    funnel = {}
    for wave, disposition, n in rows(db, "select wave, disposition, count(*) from marts.fct_response_dispositions "
                                         "group by all"):
        funnel.setdefault(disposition, {})[wave] = n
    assert funnel["usable"] == {2021: 1717, 2023: 1825, 2025: 2915}
    for disposition, counts in funnel.items():
        assert len(set(counts.values())) == 3, (disposition, counts)
    (copies,) = rows(db, """
        select count(*) from marts.fct_indicator_estimates a join marts.fct_indicator_estimates b
          using (indicator, population, breakdown, breakdown_value)
        where a.wave < b.wave and a.statistic = 'pct' and a.estimate = b.estimate and a.estimate > 0
          and a.estimate < 100 and a.respondents >= 5 and b.respondents >= 5""")
    assert copies == (0,)
    # micro firms no longer above small firms
    by_size = dict(((w, s), e) for w, s, e in rows(
        db, "select wave, breakdown_value, estimate from marts.fct_indicator_estimates where indicator = 'uses_any_ai' "
            "and population = 'all_firms' and breakdown = 'size_class'"))
    for wave in WAVES:
        assert by_size[wave, "5-9"] < by_size[wave, "10-49"] < by_size[wave, "50-249"] < by_size[wave, "250+"]


def test_the_items_the_third_edition_adds_are_estimated_and_not_trended(db):
    """genai_use, ai_use_origin and the image/video/audio technology come from 2025's codebook_changes.csv:
    columns of fct_respondents (null before), estimated by indicators.csv rows at the published figures, and
    without a trend to waves that did not ask them."""
    got = dict(((i, p), (round(e, 1), n)) for i, p, e, n in rows(db, """
        select indicator, population, estimate, respondents from marts.fct_indicator_estimates
        where wave = 2025 and breakdown = 'total' and indicator in ('uses_generative_ai',
          'uses_image_video_audio_generation', 'ai_use_mainly_employees', 'ai_use_mainly_management')
          and population in ('all_firms', 'adopters')"""))
    assert got == {("uses_generative_ai", "all_firms"): (48.0, 2915),
                   ("uses_image_video_audio_generation", "all_firms"): (33.0, 2915),
                   ("ai_use_mainly_employees", "adopters"): (49.0, 1955),
                   ("ai_use_mainly_management", "adopters"): (28.0, 1955)}
    asked = dict(rows(db, "select wave, count(genai_use) from marts.fct_respondents group by wave"))
    assert asked == {2021: 0, 2023: 0, 2025: 2915}
    assert rows(db, "select count(*) from marts.fct_indicator_estimates where wave < 2025 "
                    "and indicator = 'uses_generative_ai'") == [(0,)]
    assert rows(db, "select count(*) from marts.fct_indicator_trends where indicator = 'uses_generative_ai'") == [(0,)]
    because = dict(rows(db, "select base_wave, not_comparable_because from marts.fct_indicator_comparability "
                            "where indicator = 'uses_generative_ai'"))
    assert because == {2021: "genai_use: not asked in 2021", 2023: "genai_use: not asked in 2023"}


def test_a_change_of_design_or_frame_is_a_break_in_series(db):
    """2025 draws fewer micro firms (a changed design): every trend to it is flagged, with the reason; the
    2021 -> 2023 trends of unchanged items are not."""
    flagged = dict(((b, w), (n, f)) for b, w, n, f in rows(
        db, "select base_wave, wave, count(*), count(*) filter (where is_break_in_series) "
            "from marts.fct_indicator_trends group by all"))
    assert flagged[2023, 2025][0] == flagged[2023, 2025][1] > 2000
    assert flagged[2021, 2025][0] == flagged[2021, 2025][1]
    assert flagged[2021, 2023][1] < flagged[2021, 2023][0] / 10
    (because,) = rows(db, "select distinct break_in_series_because from marts.fct_indicator_trends "
                          "where base_wave = 2023 and wave = 2025 and indicator = 'uses_text_analysis'")
    assert "design" in because[0]
