"""The survey pipeline end to end: raw 2021 wave -> dispositions -> weights -> estimates -> marts."""

from __future__ import annotations

import re

import pytest

from aibarometer.paths import wave_dir
from pytests.conftest import rows
from pytests.survey_reference import estimate, usable_respondents


def test_every_received_response_has_one_disposition(db):
    got = dict(rows(db, "select disposition, count(*) from marts.fct_response_dispositions where wave = 2021 "
                        "group by all"))
    assert got == {
        "usable": 1717, "no_ai_question_answered": 531, "fewer_than_5_employees": 212,
        "sector_out_of_scope": 143, "duplicate": 138,
    }
    (received,) = rows(db, "select count(distinct response_key) from marts.fct_response_dispositions "
                           "where wave = 2021")[0]
    assert received == 2741


def test_fieldwork_funnel_totals(db):
    got = rows(db, "select sum(sampled), sum(undeliverable), sum(reached), sum(received), sum(excluded), "
                   "sum(usable) from marts.fct_fieldwork_funnel where wave = 2021")[0]
    assert tuple(int(v) for v in got) == (14274, 1656, 12618, 2741, 1024, 1717)
    (rate,) = rows(db, "select 100.0 * sum(received) / sum(reached) from marts.fct_fieldwork_funnel "
                       "where wave = 2021")[0]
    assert round(rate) == 22


def test_weights_follow_the_firms_own_answers(db):
    (w, n) = rows(db, "select design_weight, usable_responses from marts.dim_strata "
                      "where wave = 2021 and nace_group = '35-39' and size_class = '5-9'")[0]
    assert (w, n) == (66.0, 1)
    per_stratum = rows(db, "select count(*) from marts.dim_strata d join raw.ref_frame_strata r "
                           "using (wave, nace_group, size_class) "
                           "where wave = 2021 and d.usable_responses = r.usable_responses")
    assert per_stratum[0][0] == 36


@pytest.mark.parametrize(
    "indicator, population, base",
    [
        ("uses_any_ai", "all_firms", 1717), ("barrier_limited_usefulness", "all_firms", 1628),
        ("great_lack_ai_landscape", "all_firms", 1234), ("applies_ict_security", "adopters", 555),
        ("source_bought_ready_to_use", "adopters", 545), ("budget_unchanged", "adopters", 540),
        ("cost_reduced", "adopters", 532), ("employment_low_skilled_increased", "adopters", 532),
        ("knows_ai_action_plan", "all_firms", 1559),
    ],
)
def test_section_bases_equal_the_printed_n(db, indicator, population, base):
    got = rows(db, "select respondents from marts.fct_indicator_estimates "
                   "where wave = 2021 and indicator = ? and population = ? and breakdown = 'total'",
               indicator, population)
    assert got == [(base,)]


def test_table_3_nace_58_63_speech_recognition_is_23_0(db):
    (value,) = rows(db, "select estimate from marts.fct_indicator_estimates where wave = 2021 and indicator = "
                        "'uses_speech_recognition' and breakdown = 'nace_group' and breakdown_value = '58-63'")[0]
    assert round(value, 1) == 23.0


def test_figure_1_quarter_of_firms_use_ai(db):
    (value,) = rows(db, "select estimate from marts.mart_adoption where wave = 2021 and indicator = 'uses_any_ai' "
                        "and breakdown = 'total'")[0]
    assert round(value, 1) == 23.2


def test_comparison_with_the_report(db):
    got = dict(rows(db, "select outcome, count(*) from marts.fct_published_comparison where wave = 2021 group by all"))
    assert got == {"exact": 273, "within_tolerance": 6, "bound_met": 5}
    explained = rows(db, "select count(*) from marts.fct_published_comparison "
                         "where wave = 2021 and outcome = 'within_tolerance' and erratum is not null")[0][0]
    assert explained == 6


def test_every_published_figure_has_its_estimate_row(db):
    missing = rows(db, "select p.indicator from staging.stg_reference__published_figures p "
                       "left join marts.fct_indicator_estimates e using (wave, indicator, population, breakdown, "
                       "breakdown_value) where e.indicator is null and p.wave in (select wave from marts.dim_strata)")
    assert missing == []


def test_every_wave_says_whether_it_is_synthetic(db):
    got = rows(db, "select wave, is_synthetic, provenance, received, excluded, quarantined, usable "
                   "from marts.dim_waves order by wave")
    assert [r[:2] for r in got] == [(2021, True), (2023, True), (2025, True)]
    assert all(r[2].startswith("Synthetic: not survey microdata; written by aibarometer generate") for r in got)
    # each edition's own funnel: received, excluded, quarantined, usable
    assert [r[3:] for r in got] == [(2741, 1024, 0, 1717), (2909, 1084, 0, 1825), (4014, 1099, 0, 2915)]


def test_the_demonstration_wave_prints_the_later_editions_headlines(db):
    """The synthetic 2023 wave in data/raw is calibrated to the four figures published for 2023."""
    got = rows(db, "select indicator, printed_text, outcome from marts.fct_published_comparison "
                   "where wave = 2023 order by indicator")
    assert got == [("uses_any_ai", "32.1", "exact"), ("uses_natural_language_generation", "14", "exact"),
                   ("uses_process_automation", "13.5", "exact"), ("uses_text_analysis", "13.7", "exact")]


def test_sql_estimates_equal_an_independent_pandas_implementation(db):
    """Every estimate of several indicators, in every breakdown and population, to 1e-9."""
    u, _ = usable_respondents(wave_dir(2021))
    checked = 0
    for indicator in ("uses_any_ai", "plans_machine_learning", "barrier_lack_of_financing",
                      "great_lack_basic_data_analytics", "applies_logistics", "budget_decreased",
                      "cost_reduction", "employment_high_skilled_increase_size", "federation_sessions_not_known"):
        for population, breakdown, value, got, n in rows(
            db, "select population, breakdown, breakdown_value, estimate, respondents "
                "from marts.fct_indicator_estimates where wave = 2021 and indicator = ?", indicator
        ):
            want, want_n = estimate(u, indicator, population, breakdown, value)
            assert got == pytest.approx(want, abs=1e-9), (indicator, population, breakdown, value)
            assert n == want_n
            checked += 1
    assert checked > 150


def test_no_personal_data_outside_staging(db):
    """No e-mail address or enterprise number in any value of the analysts' schemas."""
    email = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]+")
    number = re.compile(r"\b[01]\d{3}\.?\d{3}\.?\d{3}\b")
    tables = rows(db, "select table_schema, table_name, column_name from information_schema.columns "
                      "where table_schema in ('intermediate', 'marts') and data_type = 'VARCHAR'")
    assert tables
    for schema, table, column in tables:
        values = [v for (v,) in rows(db, f'select distinct "{column}" from {schema}.{table} limit 5000') if v]
        assert not any(email.search(v) or number.search(v) for v in values), (schema, table, column)


def test_eurostat_benchmark_restricts_flanders_to_ten_or_more_employees(db):
    u, _ = usable_respondents(wave_dir(2021))
    scope = u[u["size_class"] != "5-9"]
    weights = scope["weight"]
    want = 100 * (weights * (scope["n_technologies_used"] > 0)).sum() / weights.sum()
    row = rows(db, "select benchmark_value, flanders_estimate, flanders_respondents, flanders_ci_lower, "
                   "flanders_ci_upper from marts.fct_eurostat_benchmark where wave = 2021")
    assert len(row) == 1
    benchmark, estimate, respondents, lower, upper = row[0]
    assert benchmark == 7.7
    assert respondents == 1717 - 335 == len(scope)
    assert estimate == pytest.approx(want, abs=1e-9)
    assert lower < estimate < upper


def test_a_frame_row_filed_under_the_wrong_wave_folder_stops_the_build(tmp_path):
    """The wave comes from the partition folder and is checked against each row's own wave column
    (a misfiled response row is quarantined instead: test_bad_input)."""
    from pytests.conftest import copy_project, dbt_build

    project = copy_project(tmp_path / "project")
    frame = project / "data" / "raw" / "wave=2021" / "frame.csv"
    lines = frame.read_text().splitlines()
    lines[1] = lines[1].replace("2021,", "2022,", 1)
    frame.write_text("\n".join(lines) + "\n")
    result, _ = dbt_build(project, tmp_path / "build", "assert_wave_matches_partition")
    assert not result.ok
    assert "assert_wave_matches_partition: wave=2021/frame.csv: 1 rows say wave 2022, the folder says wave 2021" \
        in result.failures, result.failures
