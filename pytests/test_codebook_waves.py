"""A wave whose questionnaire changed, built independently of the generator: one item dropped, one reworded,
one added (declared in its codebook_changes.csv as the README says). It appends and publishes with no edit
to SQL, YAML or seeds, and the intake, dbt and the data-quality checkpoint all read what that wave asked."""

from __future__ import annotations

import csv
import random
import shutil

import duckdb
import pytest

from aibarometer.intake import land
from aibarometer.paths import DATABASE_NAME, wave_dir
from aibarometer.publish import build_and_publish, summary
from aibarometer.quality import run_checkpoint

DROPPED = "barrier_hard_to_recruit_skilled_staff"
REWORDED = "tech_machine_learning"
ADDED = "barrier_ai_regulation_compliance"


def rewrite(path, change) -> None:
    """Rewrite a CSV row by row: change(row) returns the row to write (a dict)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [change(dict(r)) for r in reader]
    fields = list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def independent_wave(raw, wave: int = 2022) -> None:
    """wave=<wave>: the 2021 files moved a year on, with the questionnaire changed."""
    folder = raw / f"wave={wave}"
    shutil.copytree(wave_dir(2021), folder)
    (folder / "generator_targets.csv").unlink()
    for name in ("frame", "sample", "fieldwork"):
        rewrite(folder / f"{name}.csv", lambda r: {**r, "wave": str(wave)})
    # declared as real data: its published figure (a secondary source's 2022 headline) is a reference
    rewrite(folder / "wave_info.csv", lambda r: {"is_synthetic": "false", "provenance": "test: 2021 moved a year on",
                                                 "fieldwork_start": f"{wave}-05-17", "fieldwork_end": f"{wave}-09-14"})
    draw = random.Random(7)
    bad = []

    def response(r):
        r = {**r, "wave": str(wave), "submitted_at": r["submitted_at"].replace("2021-", f"{wave}-", 1)}
        del r[DROPPED]
        r[ADDED] = draw.choice(["1", "0", ""]) if r["tech_text_analysis"] else ""
        if r[ADDED] and not bad:  # one answer outside the added item's codes: the quarantine must name it
            bad.append(r["response_id"])
            r[ADDED] = "7"
        return r

    rewrite(folder / "responses.csv", response)
    (folder / "codebook_changes.csv").write_text(
        "item,change,section,item_type,option_set,asked_of,is_ai_question,question_nl,question_en\n"
        f"{DROPPED},dropped,,,,,,,\n"
        f"{REWORDED},reworded,,,,,,Gebruikt uw onderneming machine learning (ook generatieve modellen)?,"
        "Does your firm use machine learning (generative models included)?\n"
        f"{ADDED},added,barriers,yes_no,yes_no,all_firms,true,Drempel bij AI: naleving van de AI-regelgeving,"
        "Barrier to AI: complying with AI regulation\n", encoding="utf-8")


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    root = tmp_path_factory.mktemp("codebook")
    raw = root / "raw"
    shutil.copytree(wave_dir(2021), raw / "wave=2021")
    independent_wave(raw)
    result, published = build_and_publish(root / "warehouse", raw)
    assert published is not None, result.output[-3000:] + "\n".join(result.failures)
    return root


def test_the_changed_wave_publishes_and_its_codebook_is_what_it_asked(changed):
    con = duckdb.connect(str(changed / "warehouse" / DATABASE_NAME), read_only=True)
    asked = {w: {i for (i,) in con.sql(f"select item from intermediate.int_codebook_wave_items where wave = {w}")
                 .fetchall()} for w in (2021, 2022)}
    assert DROPPED in asked[2021] and DROPPED not in asked[2022]
    # the intake (before dbt runs) reads the same codebook as of each wave as dbt builds
    from aibarometer.codebook import export_items
    from aibarometer.intake import wave_items
    derived = set(asked[2021]) - {i["item"] for i in export_items()}
    for wave in (2021, 2022):
        assert wave_items(changed / "raw", wave, [2021, 2022]) == asked[wave] - derived, wave
    assert ADDED in asked[2022] and ADDED not in asked[2021]
    [(last_change,)] = con.sql(f"select last_change from intermediate.int_codebook_wave_items where wave = 2022 "
                               f"and item = '{REWORDED}'").fetchall()
    assert last_change == "reworded"
    # the dropped item's indicator is estimated for 2021 only; the added item's answers are typed and kept
    waves = [w for (w,) in con.sql(f"select distinct wave from marts.fct_indicator_estimates where indicator = "
                                   f"'{DROPPED}' order by 1").fetchall()]
    assert waves == [2021]
    # the added item's answers are checked against its codes like any other's: the one bad code is
    # quarantined, naming the column (fct_respondents keeps the baseline codebook's items: an estimate on
    # the new item needs an indicator definition in the seeds, and the typed table has a contract)
    con.close()
    # comparability with its reason is public: the reworded item breaks its indicators' 2021-2022 trend
    public = duckdb.connect(str(changed / "warehouse" / "ai_barometer_public.duckdb"), read_only=True)
    assert public.sql("select is_comparable, not_comparable_because from marts.fct_indicator_comparability where "
                      "indicator = 'uses_machine_learning' and base_wave = 2021 and wave = 2022").fetchall() == [
        (False, f"{REWORDED}: reworded in 2022")]
    public.close()
    con = duckdb.connect(str(changed / "warehouse" / DATABASE_NAME), read_only=True)
    quarantined = con.sql("select detail from marts.fct_quarantine where wave = 2022 and source_file like "
                          "'%responses.csv'").fetchall()
    assert len(quarantined) == 1 and ADDED in quarantined[0][0], quarantined
    # the 2022 headline of secondary sources is a reference for a real wave: missed, reported, published
    assert con.sql("select figure_role, outcome from marts.fct_published_comparison where wave = 2022").fetchall() \
        == [("reference", "outside_tolerance")]
    assert "wave 2022: 0 of 1 reference figure(s) reproduced, 1 missed" in " ".join(summary(changed / "warehouse" /
                                                                                           DATABASE_NAME))
    con.close()


def test_the_checkpoint_checks_the_added_item_and_does_not_expect_the_dropped_one(changed, tmp_path):
    """An out-of-set code in the added item that got past the quarantine is named; the dropped item's
    absence is not a failure (the checkpoint reads the wave's codebook from the warehouse, as dbt does)."""
    raw = tmp_path / "raw"
    shutil.copytree(changed / "raw" / "wave=2022", raw / "wave=2022")

    def tamper(r, done=[]):  # noqa: B006 (one row only)
        if r[ADDED] in ("0", "1") and not done:  # not the line the warehouse already quarantined
            done.append(r)
            return {**r, ADDED: "7"}
        return r

    rewrite(raw / "wave=2022" / "responses.csv", tamper)
    land(raw, tmp_path / "landing")
    failures = run_checkpoint(changed / "warehouse" / DATABASE_NAME, tmp_path / "quality",
                              landing=tmp_path / "landing", waves=[2022])
    assert [str(f) for f in failures] == [
        f"raw/wave=2022/responses.csv, column {ADDED}: expect_column_values_to_be_in_set fails, e.g. [7.0]"]


@pytest.fixture(scope="module")
def three_orders(tmp_path_factory):
    """The same three waves (the middle one rewording an item) built from scratch, and with the middle wave
    inserted last between the other two (appending in time order against a full refresh: test_waves.py)."""
    from aibarometer.generator.scale import generate_scale

    root = tmp_path_factory.mktemp("orders")
    source = root / "source"
    generate_scale(3000, [2031, 2032, 2033], source)
    (source / "wave=2032" / "codebook_changes.csv").write_text(
        f"item,change,question_nl,question_en\n{REWORDED},reworded,Gebruikt uw onderneming machine learning "
        "(ook generatieve modellen)?,Does your firm use machine learning (generative models included)?\n",
        encoding="utf-8")
    built = {}
    for name, steps in {"scratch": [[2031, 2032, 2033]], "inserted": [[2031, 2033], [2032]]}.items():
        raw = root / name / "raw"
        for step in steps:
            for wave in step:
                shutil.copytree(source / f"wave={wave}", raw / f"wave={wave}")
            result, published = build_and_publish(root / name / "warehouse", raw)
            assert published is not None, (name, step, result.output[-3000:])
        built[name] = published
    return built


@pytest.mark.parametrize("order", ["inserted"])
def test_the_warehouse_does_not_depend_on_the_order_waves_arrived_in(three_orders, order):
    """Dispositions, respondents, quarantine, codebook and comparability identical row for row; estimates,
    trends and comparisons to 1e-9 (floating sums may differ in the last bit with the order)."""
    from pytests.test_waves import fingerprint

    scratch, other = fingerprint(three_orders["scratch"]), fingerprint(three_orders[order])
    assert scratch.keys() == other.keys()
    assert [t for t in scratch if scratch[t][0] != other[t][0]] == []  # same row counts everywhere
    for table in ("marts.fct_response_dispositions", "marts.fct_quarantine", "marts.fct_fieldwork_funnel",
                  "intermediate.int_codebook_wave_items", "marts.fct_respondents",
                  "marts.fct_indicator_comparability"):
        assert scratch[table] == other[table], table
    con = duckdb.connect(str(three_orders["scratch"]), read_only=True)
    con.execute(f"attach '{three_orders[order]}' as other (read_only)")
    for table, keys, values in (
            ("fct_indicator_estimates", "wave, indicator, population, breakdown, breakdown_value",
             ("estimate", "std_error")),
            ("fct_indicator_trends", "wave, base_wave, indicator, population, breakdown, breakdown_value",
             ("estimate_change", "std_error")),
            ("fct_domain_comparisons", "wave, indicator, comparison, breakdown, population_a, value_a, population_b, "
             "value_b", ("difference", "std_error")),
            ("fct_disclosure_control", "wave, indicator, population, breakdown, breakdown_value",
             ("attacker_min", "attacker_max"))):
        differing = " or ".join(f"(f.{v} is distinct from o.{v} and not abs(f.{v} - o.{v}) < 1e-9)" for v in values)
        [(n,)] = con.sql(f"select count(*) from marts.{table} as f full join other.marts.{table} as o using ({keys}) "
                         f"where {differing}").fetchall()
        assert n == 0, table
    [(n,)] = con.sql("select count(*) from (select wave, indicator, population, breakdown, breakdown_value, "
                     "suppressed, suppression_reason from marts.fct_disclosure_control except select wave, indicator, "
                     "population, breakdown, breakdown_value, suppressed, suppression_reason from "
                     "other.marts.fct_disclosure_control)").fetchall()
    assert n == 0  # the same cells withheld, for the same reasons
    con.close()


def test_inserting_a_wave_that_adds_an_item_rechecks_the_later_waves(tmp_path):
    """2031 and 2033 landed; then 2032 arrives adding an item that 2033's export lacks. The intake lands
    and checks 2033 again (its codebook changed: the signature hashes the codebook as of the wave) and
    stops as a build from scratch stops, instead of keeping 2033 as landed before."""
    from aibarometer.generator.scale import generate_scale
    from aibarometer.intake import IntakeError

    source = tmp_path / "source"
    generate_scale(100, [2031, 2032, 2033], source)
    (source / "wave=2032" / "codebook_changes.csv").write_text(
        f"item,change,section,item_type,option_set,asked_of,question_nl,question_en\n"
        f"{ADDED},added,barriers,yes_no,yes_no,all_firms,Drempel: AI-regelgeving,Barrier: AI regulation\n",
        encoding="utf-8")
    rewrite(source / "wave=2032" / "responses.csv", lambda r: {**r, ADDED: ""})
    raw = tmp_path / "raw"
    for wave in (2031, 2033):
        shutil.copytree(source / f"wave={wave}", raw / f"wave={wave}")
    land(raw, tmp_path / "landing")
    shutil.copytree(source / "wave=2032", raw / "wave=2032")
    stops = []
    for landing in (tmp_path / "landing", tmp_path / "scratch"):
        with pytest.raises(IntakeError) as stop:
            land(raw, landing)
        stops.append(str(stop.value).replace(str(landing), "<landing>"))
    assert stops[0] == stops[1]
    assert f"wave=2033/responses.csv: column '{ADDED}' is missing" in stops[0]
