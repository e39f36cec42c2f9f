"""The calibrated synthetic 2021 wave: exact counts, valid identifiers, determinism, calibration."""

from __future__ import annotations

import csv
import filecmp
import math

import pandas as pd
import pytest

from aibarometer.generator.wave import check_digits, generate
from aibarometer.paths import SEEDS, wave_dir
from pytests.survey_reference import estimate, usable_respondents

WAVE_DIR = wave_dir(2021)
RAW_FILES = ("frame.csv", "sample.csv", "fieldwork.csv", "responses.csv", "generator_targets.csv", "wave_info.csv")


@pytest.fixture(scope="module")
def usable():
    return usable_respondents(WAVE_DIR)


def test_sample_and_fieldwork_counts():
    sample = pd.read_csv(WAVE_DIR / "sample.csv", dtype=str)
    fieldwork = pd.read_csv(WAVE_DIR / "fieldwork.csv", dtype=str)
    assert len(sample) == 14274
    assert sample["invitation_id"].is_unique and sample["enterprise_number"].is_unique
    assert (fieldwork["delivery_status"] == "bounced").sum() == 1656
    assert (fieldwork["delivery_status"] == "delivered").sum() == 12618
    per_stratum = sample.groupby(["nace_group", "size_class"]).size()
    frame = pd.read_csv(SEEDS / "reference" / "ref_frame_strata.csv", dtype=str)
    for row in frame.itertuples():
        assert per_stratum[(row.nace_group, row.size_class)] == int(row.sampled_firms)


def test_enterprise_numbers_carry_valid_belgian_check_digits():
    sample = pd.read_csv(WAVE_DIR / "sample.csv", dtype=str)
    for number in sample["enterprise_number"]:
        digits = number.replace(".", "")
        assert len(digits) == 10 and int(digits[8:]) == check_digits(int(digits[:8])), number


def test_received_responses_and_dispositions(usable):
    u, disposition = usable
    assert len(disposition) == 2741
    assert (disposition != "usable").sum() == 1024
    assert disposition.value_counts().to_dict() == {
        "usable": 1717, "no_ai_question_answered": 531, "fewer_than_5_employees": 212,
        "sector_out_of_scope": 143, "duplicate": 138,
    }
    responses = pd.read_csv(WAVE_DIR / "responses.csv", dtype=str)
    fieldwork = pd.read_csv(WAVE_DIR / "fieldwork.csv", dtype=str).set_index("invitation_id")
    # every response comes through a delivered invitation
    assert (fieldwork.loc[responses["invitation_id"], "delivery_status"] == "delivered").all()
    # some duplicates were filed under another enterprise number than the one invited
    sample = pd.read_csv(WAVE_DIR / "sample.csv", dtype=str).set_index("invitation_id")
    invited = sample.loc[responses["invitation_id"], "enterprise_number"].str.replace(".", "").to_numpy()
    typed = responses["enterprise_number"].str.replace(r"\D", "", regex=True).to_numpy()
    assert (invited != typed).sum() == 46


def test_usable_responses_per_stratum_equal_table_2(usable):
    u, _ = usable
    got = u.groupby(["nace_group", "size_class"]).size()
    frame = pd.read_csv(SEEDS / "reference" / "ref_frame_strata.csv", dtype=str)
    for row in frame.itertuples():
        assert got[(row.nace_group, row.size_class)] == int(row.usable_responses), row


@pytest.mark.parametrize(
    "items, base",
    [
        ("barrier_", 1628), ("knowledge_", 1234), ("app_", 555), ("source_", 545), ("budget_", 540),
        ("impact_new_products", 532), ("employment_low_skilled", 532), ("policy_", 1559),
    ],
)
def test_item_bases_equal_the_printed_n(usable, items, base):
    u, _ = usable
    cols = [c for c in u.columns if c.startswith(items) and not c.endswith("_pct") and c != "source_adapted_any"]
    answered = u[cols].notna().any(axis=1)
    assert answered.sum() == base


def test_adopter_only_items_are_empty_for_non_adopters(usable):
    u, _ = usable
    for prefix in ("app_", "source_", "budget_", "impact_", "employment_"):
        cols = [c for c in u.columns if c.startswith(prefix)]
        assert u.loc[~u["is_adopter"], cols].isna().all().all(), prefix


def _published():
    """The figures of the report the synthetic 2021 wave is calibrated to (later editions: test_waves)."""
    with (SEEDS / "reference" / "ref_published_figures.csv").open() as f:
        return [fig for fig in csv.DictReader(f) if fig["wave"] == "2021"]


def test_calibration_against_every_published_figure(usable):
    """>= 95% of the numeric figures print exactly; every one within 0.5 percentage point."""
    u, _ = usable
    exact, total, worst = 0, 0, []
    for fig in _published():
        got, n = estimate(u, fig["indicator"], fig["population"], fig["breakdown"], fig["breakdown_value"])
        text = fig["value"]
        if text.startswith("<"):
            assert got < float(text[1:]), fig
            continue
        if text.startswith("~"):
            assert abs(got - float(text[1:])) <= 5, fig  # 'almost four in ten'
            continue
        total += 1
        value, decimals = float(text), int(fig["printed_decimals"])
        printed = math.floor(got * 10**decimals + 0.5) / 10**decimals
        exact += printed == value
        worst.append((abs(got - value), fig["indicator"], fig["breakdown_value"], got, value))
        assert abs(got - value) <= 0.5, fig
    assert total == 279
    assert exact / total >= 0.95, sorted(worst, reverse=True)[:15]


def test_table_3_figures_read_like_the_report(usable):
    u, _ = usable
    got, n = estimate(u, "uses_speech_recognition", "all_firms", "nace_group", "58-63")
    assert round(got, 1) == 23.0 and n == 96
    got, n = estimate(u, "uses_any_ai", "all_firms", "total", "TOTAL")
    assert round(got, 1) == 23.2 and n == 1717


@pytest.mark.slow
def test_regenerating_the_wave_gives_identical_files(tmp_path):
    generate(2021, raw_root=tmp_path)
    for name in RAW_FILES:
        assert filecmp.cmp(tmp_path / "wave=2021" / name, WAVE_DIR / name, shallow=False), name


def test_scale_mode_writes_waves_the_pipeline_accepts(tmp_path):
    """Uncalibrated waves of any size in the same raw layout: the whole build and its checks pass, and
    even a wave too small to reach every stratum by chance has two usable responses in each."""
    import duckdb

    from aibarometer.generator.scale import generate_scale
    from aibarometer.paths import PROJECT_ROOT
    from pytests.conftest import dbt_build, rows

    raw = tmp_path / "raw"
    generate_scale(200, [2031, 2032], raw)
    header = (raw / "wave=2031" / "responses.csv").read_text().split("\n", 1)[0]
    assert header == (WAVE_DIR / "responses.csv").read_text().split("\n", 1)[0]
    result, db_path = dbt_build(PROJECT_ROOT, tmp_path / "build", raw_root=raw)
    assert result.ok, result.output[-3000:] + "\n".join(result.failures)
    con = duckdb.connect(str(db_path), read_only=True)
    usable = rows(con, "select wave, sum(usable_responses), min(usable_responses), count(*) "
                       "from marts.dim_strata group by wave order by wave")
    assert usable == [(2031, 200, 2, 36), (2032, 200, 2, 36)]
    con.close()


def test_a_build_where_disclosure_control_withholds_nothing_publishes(tmp_path):
    """A wave large enough that no cell has fewer than 5 respondents, built alone (as `aibarometer run`
    builds an appended wave): every suppression reason is empty, and they still reach DuckDB as text, not
    as type NULL, which broke the contracts of every model after disclosure control (found by
    benchmarks/scale.py)."""
    import duckdb

    from aibarometer.generator.scale import generate_scale
    from aibarometer.paths import PROJECT_ROOT
    from pytests.conftest import dbt_build, rows

    generate_scale(10_000, [2033], tmp_path / "raw")
    result, db_path = dbt_build(PROJECT_ROOT, tmp_path / "build", raw_root=tmp_path / "raw")
    assert result.ok, result.output[-3000:] + "\n".join(result.failures)
    con = duckdb.connect(str(db_path), read_only=True)
    assert rows(con, "select count(*) filter (where suppressed) from marts.fct_disclosure_decisions") == [(0,)]
    assert rows(con, "select count(*) filter (where conf_status is not null), count(*) from marts.fct_observations"
                )[0] == (0, 2926)
    con.close()


def test_scale_mode_refuses_fewer_respondents_than_strata_need(tmp_path):
    from aibarometer.generator.scale import generate_scale

    with pytest.raises(ValueError, match="at least 72 respondents"):
        generate_scale(71, [2031], tmp_path / "raw")
