"""Bad input, one fixture per class: quarantined with file, line, rule and raw value while the clean rows of
the same file still arrive; or, for structural problems, a stop naming the file, the column and the fix.

One doctored copy of the 2021 wave carries every row-level defect (appended rows, so the clean rows are
the calibrated wave itself) plus a BOM-prefixed and a Latin-1 file; it is built once.
"""

from __future__ import annotations

import csv
import functools
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from aibarometer.cli import main
from aibarometer.intake import IntakeError, land
from aibarometer.paths import SEEDS, wave_dir
from pytests.conftest import copy_project, dbt_build, rows

CLEAN_RESPONSES = 2741  # rows of the committed responses.csv (header on line 1)
BASE_ROW = "R00004"  # a usable response of the clean wave
# lines of wave 2023's responses.csv given a submission date, in a doctored copy whose wave_info.csv is gone:
# seven years after the wave, the day before its year, and the last second it allows (wave + 1)
IMPLAUSIBLE_SUBMISSIONS = {2: "2030-06-01 10:00:00", 3: "2022-12-31 23:00:00", 4: "2024-12-31 23:59:59"}


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def csv_text(rows_: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows_)
    return out.getvalue()


def copy_of(header: list[str], base: list[str], response_id: str, **cells: str) -> list[str]:
    """A copy of the base response under another id, with some cells changed."""
    row = list(base)
    row[header.index("response_id")] = response_id
    for column, value in cells.items():
        row[header.index(column)] = value
    return row


def doctored_rows(header: list[str], base: list[str]) -> list[tuple[str, list[str] | str]]:
    """(rule, row) per defect: a copy of a usable response that breaks exactly that rule."""
    variant = functools.partial(copy_of, header, base)
    return [
        ("malformed_row", ",".join(base[:10])),
        ("unparseable_number", variant("X00002", employees="twelve")),
        ("out_of_range", variant("X00003", employees="-3")),
        ("unknown_answer_code", variant("X00004", tech_text_analysis="7")),
        ("out_of_range", variant("X00005", impact_cost_reduction_pct="150")),
        ("invalid_enterprise_number", variant("X00006", enterprise_number="0123.456.780")),
        ("duplicate_response_id", list(base)),
        ("wave_mismatch", variant("X00008", wave="2019")),
        ("unparseable_date", variant("X00009", submitted_at="31/05/2021 25:00")),
    ]


def raw_line(cells: list[str]) -> str:
    """A line as a hand edit leaves it: cells joined by commas, no quoting (cells hold no comma)."""
    return ",".join(cells)


def more_defects(header: list[str], base: list[str]) -> list[tuple[str, str | list[str], str, str]]:
    """(rule, row, detail, raw value) per defect a real export or a hand edit brings; appended after
    doctored_rows. The unbalanced quote comes first: every row after it must still arrive."""
    variant = functools.partial(copy_of, header, base)
    return [
        ("unbalanced_quote", raw_line(variant("X00010", nace_code='"43.21')),
         f"a quote opened on line {CLEAN_RESPONSES + 11} is not closed before line {CLEAN_RESPONSES + 12}, "
         f"which reads as a record of its own", None),
        ("unparseable_number", variant("X00011", employees="19.5"),
         "employees is not a whole number (a count of employees has no fraction: it is not rounded)", "19.5"),
        ("unparseable_number", variant("X00012", employees="1.504"),
         "employees is not a whole number (a thousands separator? write 1504, not 1.504: the count is not "
         "guessed)", "1.504"),
        ("invalid_nace_code", variant("X00013", nace_code="3"),
         "nace_code is not a NACE Rev. 2 code (a division of two digits, optionally .group or .class, e.g. 43.21)",
         "3"),
        ("unparseable_number", variant("X00014", tech_text_analysis="0558.998.231"),
         "tech_text_analysis: not a number", "(enterprise number withheld)"),
        ("unparseable_number", variant("X00015", tech_speech_recognition="jan.peeters@firma.example"),
         "tech_speech_recognition: not a number", "(e-mail withheld)"),
        ("unknown_invitation", variant("X00016", invitation_id="INV99999"),
         "invitation INV99999 is not in sample.csv of this wave", "INV99999"),
        ("outside_fieldwork_window", variant("X00017", submitted_at="2021-12-01 10:00:00"),
         "submitted outside the fieldwork window 2021-05-17 to 2021-09-14 (wave_info.csv)", "2021-12-01 10:00:00"),
        ("unparseable_number", variant("X00018", tech_image_recognition="x" * 200_000),
         "tech_image_recognition: not a number", "x" * 500),
        ("nul_byte", raw_line(variant("X00019", nace_code="43.2\x0021")),
         "the row holds a NUL byte (0x00), which no export writes into a cell: the row is damaged", None),
        ("repeated_header", raw_line(header), "the header line again (files concatenated?): not a row", None),
        # files concatenated: the second one's header carries its byte-order mark
        ("repeated_header", "\ufeff" + raw_line(header), "the header line again (files concatenated?): not a row",
         None),
        ("unparseable_number", variant("X00021", tech_machine_learning="1.0"),
         "tech_machine_learning: not a whole-number code", "1.0"),
        # routing (the codebook's asked_of and condition): the base firm uses no AI technology
        ("off_route_answer", variant("X00022", app_marketing_sales="1"),
         "app_marketing_sales: not asked of this firm: the codebook asks it of adopters only", "1"),
        ("off_route_answer", variant("X00023", tech_machine_learning="1", impact_cost_reduced="0",
                                     impact_cost_reduction_pct="10"),
         "impact_cost_reduction_pct: not asked of this firm: the codebook asks it of adopters only and when "
         "impact_cost_reduced is 1", "10"),
    ]


@pytest.fixture(scope="module")
def doctored(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("bad_input") / "project")
    raw = project / "data" / "raw" / "wave=2021"
    header, body = read_rows(raw / "responses.csv")
    base = next(r for r in body if r[0] == BASE_ROW)
    defects = doctored_rows(header, base)
    more = more_defects(header, base)
    with (raw / "responses.csv").open("a", encoding="utf-8", newline="") as f:
        for _, row in defects:
            f.write(row + "\n" if isinstance(row, str) else csv_text([row]))
        for _, row, _, _ in more:
            f.write(row + "\n" if isinstance(row, str) else csv_text([row]))
    # invitations: the base response's e-mail bounced (yet it answered), one status in another case, a
    # fieldwork line for an invitation nobody sampled, a sample line exported twice
    invitation = base[header.index("invitation_id")]
    fieldwork = (raw / "fieldwork.csv").read_text(encoding="utf-8")
    fieldwork = fieldwork.replace(f"2021,{invitation},delivered,", f"2021,{invitation},bounced,", 1)
    fieldwork = fieldwork.replace("2021,INV00001,delivered,", "2021,INV00001, Delivered,", 1)
    fieldwork += "2021,INV99998,delivered,0,false\n"
    sample = (raw / "sample.csv").read_text(encoding="utf-8")
    sample += sample.splitlines()[2] + "\n"
    # the same rows as the survey tool might export them: BOM-prefixed UTF-8 and Latin-1
    (raw / "fieldwork.csv").write_bytes(b"\xef\xbb\xbf" + fieldwork.encode("utf-8"))
    sample = sample.replace("@firm97430.example", "@firmé97430.example")
    (raw / "sample.csv").write_bytes(sample.encode("latin-1"))
    # an optional file left out: the other wave declares no provenance, nor a fieldwork window; two of its
    # submissions are implausible for the wave all the same, one at the bound is not
    (project / "data" / "raw" / "wave=2023" / "wave_info.csv").unlink()
    other = project / "data" / "raw" / "wave=2023" / "responses.csv"
    lines = other.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, submitted in IMPLAUSIBLE_SUBMISSIONS.items():
        cells = lines[number - 1].split(",")
        cells[3] = submitted
        lines[number - 1] = ",".join(cells)
    other.write_text("".join(lines), encoding="utf-8")
    workdir = tmp_path_factory.mktemp("bad_input_build")
    result, db_path = dbt_build(project, workdir)
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    yield {"result": result, "con": con, "defects": defects, "more": more, "project": project, "workdir": workdir}
    con.close()


def test_invitation_rules_quarantine_sample_and_fieldwork_lines_and_the_funnel_still_adds_up(doctored):
    con = doctored["con"]
    assert rows(con, "select source_file, source_line, rule_name, detail from marts.fct_quarantine "
                     "where source_file in ('wave=2021/sample.csv', 'wave=2021/fieldwork.csv') order by all") == [
        ("wave=2021/fieldwork.csv", 14276, "unknown_invitation", "invitation INV99998 is not in sample.csv"),
        ("wave=2021/sample.csv", 14276, "duplicate_invitation_id",
         "invitation INV00002 is on an earlier line of sample.csv"),
    ]
    # the bounced invitation that answered counts as reached: the report's 14,274 sampled and 12,618 reached
    assert rows(con, "select sum(sampled), sum(reached), sum(reached_despite_bounce), sum(without_fieldwork_line) "
                     "from marts.fct_fieldwork_funnel where wave = 2021") == [(14274, 12618, 1, 0)]
    import json

    log = json.loads((doctored["workdir"] / "landing" / "_intake.json").read_text())["2021"]["log"]
    assert any("fieldwork.csv: 1 value(s) of delivery_status normalised" in line and "' Delivered'" in line
               for line in log), log


def test_the_build_goes_on_and_every_response_is_accounted_for(doctored):
    result = doctored["result"]
    assert result.ok, result.output[-3000:] + "\n".join(result.failures)  # includes the reconciliation test
    con = doctored["con"]
    received = CLEAN_RESPONSES + len(doctored["defects"]) + len(doctored["more"])
    (usable, excluded) = rows(con, "select count(*) filter (where disposition = 'usable'), "
                                   "count(*) filter (where disposition != 'usable') "
                                   "from marts.fct_response_dispositions where wave = 2021")[0]
    (quarantined,) = rows(con, "select count(distinct source_line) from marts.fct_quarantine "
                               "where source_file = 'wave=2021/responses.csv'")[0]
    assert (usable, excluded, quarantined) == (1717, 1024, len(doctored["defects"]) + len(doctored["more"]))
    assert usable + excluded + quarantined == received
    # the funnel counts the same, the unlinked response and the lines that are not rows in '(not linked)'
    assert rows(con, "select sum(received), sum(usable), sum(excluded), sum(quarantined) "
                     "from marts.fct_fieldwork_funnel where wave = 2021") == [(received, 1717, 1024, quarantined)]
    assert rows(con, "select received, quarantined from marts.fct_fieldwork_funnel where wave = 2021 "
                     "and nace_group = '(not linked)'") == [(6, 6)]  # malformed, quote, NUL, 2 headers, INV99999
    # and fct_quarantine holds a row for each of them: the two disagreed by a repeated header
    assert rows(con, "select count(distinct source_line) from marts.fct_quarantine where wave = 2021 and "
                     "rule_name in ('malformed_row', 'unbalanced_quote', 'nul_byte', 'repeated_header', "
                     "'unknown_invitation') and source_file = 'wave=2021/responses.csv'") == [(6,)]


@pytest.mark.parametrize("position", range(15))
def test_each_export_defect_is_quarantined_alone_with_its_rule(doctored, position):
    rule, _, detail, raw_value = doctored["more"][position]
    line = CLEAN_RESPONSES + 2 + len(doctored["defects"]) + position
    got = rows(doctored["con"], "select rule_name, detail, raw_value from marts.fct_quarantine "
                                "where source_file = 'wave=2021/responses.csv' and source_line = ?", line)
    assert [(r, d) for r, d, _ in got] == [(rule, detail)]
    if raw_value is not None:
        assert got[0][2] == raw_value
    else:
        assert "(enterprise number withheld)" in got[0][2] or rule == "repeated_header"


@pytest.mark.parametrize("position", range(9))
def test_each_defect_is_quarantined_with_file_line_rule_and_value(doctored, position):
    rule, _ = doctored["defects"][position]
    line = CLEAN_RESPONSES + 2 + position  # header is line 1
    got = rows(doctored["con"], "select rule_name, detail, raw_value from marts.fct_quarantine "
                                "where source_file = 'wave=2021/responses.csv' and source_line = ?", line)
    expected = {
        "malformed_row": ("malformed_row",
                          f"10 fields where the header has {len(read_rows(wave_dir(2021) / 'responses.csv')[0])}"),
        "unparseable_number": ("unparseable_number", "employees is not a whole number", "twelve"),
        "unknown_answer_code": ("unknown_answer_code", "tech_text_analysis: code not in option set use_plans", "7"),
        "invalid_enterprise_number": ("invalid_enterprise_number",
                                      "enterprise_number is not a valid Belgian enterprise number (check digits)",
                                      "(withheld: identifies the firm)"),
        "duplicate_response_id": ("duplicate_response_id", "response_id already used on an earlier line of this wave",
                                  BASE_ROW),
        "wave_mismatch": ("wave_mismatch", "wave column says 2019, the partition is wave=2021", "2019"),
        "unparseable_date": ("unparseable_date", "submitted_at is not a date-time", "31/05/2021 25:00"),
    }
    if rule == "out_of_range":
        expected[rule] = (("out_of_range", "employees outside 0-1,000,000", "-3") if position == 2 else
                          ("out_of_range", "impact_cost_reduction_pct: percentage outside 0-100", "150"))
    assert len(got) == 1, got
    assert got[0][: len(expected[rule])] == expected[rule]
    if rule == "malformed_row":
        assert "(enterprise number withheld)" in got[0][2] and "." not in got[0][2].split(",")[4]


def test_a_submission_implausible_for_its_wave_is_quarantined_where_no_window_is_declared(doctored):
    got = rows(doctored["con"], "select source_line, rule_name, detail, raw_value from marts.fct_quarantine "
                                "where source_file = 'wave=2023/responses.csv' and source_line in (2, 3, 4) "
                                "order by source_line")
    bound = "(no fieldwork window in wave_info.csv: a submission falls between 1 January 2023 and 31 December 2024)"
    assert got == [
        (2, "implausible_submission_date", f"submitted 2030-06-01, implausible for wave 2023 {bound}",
         "2030-06-01 10:00:00"),
        (3, "implausible_submission_date", f"submitted 2022-12-31, implausible for wave 2023 {bound}",
         "2022-12-31 23:00:00"),
    ]
    # where a window is declared, the window's rule applies and this one does not
    assert rows(doctored["con"], "select count(*) from marts.fct_quarantine where wave = 2021 and "
                                 "rule_name = 'implausible_submission_date'") == [(0,)]


def test_a_wave_without_wave_info_says_its_provenance_is_not_declared(doctored):
    got = rows(doctored["con"], "select wave, is_synthetic, provenance from marts.dim_waves order by wave")
    assert got[:2] == [
        (2021, True, "Synthetic: not survey microdata; written by aibarometer generate --wave 2021; calibrated to "
                     "the published figures of the AI-Barometer 2021 report"),
        (2023, None, "not declared (the wave folder has no wave_info.csv)"),
    ]
    assert [r[:2] for r in got[2:]] == [(2025, True)]  # the untouched wave keeps its declaration


def test_bom_and_latin1_files_are_converted_logged_and_arrive_whole(doctored):
    con = doctored["con"]
    # the report's sampled and reached (section 2.3)
    assert rows(con, "select sum(sampled), sum(reached) from marts.fct_fieldwork_funnel where wave = 2021") == [
        (14274, 12618)]
    import json

    log = json.loads((doctored["workdir"] / "landing" / "_intake.json").read_text())["2021"]["log"]
    assert any("fieldwork.csv: UTF-8 with a byte-order mark; the mark was dropped" in line for line in log), log
    assert any("sample.csv: not valid UTF-8 (byte 0xE9 on line" in line and "read as Latin-1" in line
               for line in log), log
    landed = doctored["workdir"] / "landing" / "wave=2021" / "sample.parquet"
    assert rows(duckdb.connect(), "select count(*) from read_parquet(?) "
                                  "where contact_email like '%@firmé97430.example'",
                str(landed)) == [(1,)]


# --- structural problems: the intake stops before dbt, naming file, column and fix -------------------

def broken_wave(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(wave_dir(2021), raw / "wave=2021")
    return raw


def drop_lines(path: Path, prefix: str) -> None:
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True) if not line.startswith(prefix)))


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def rewrite_responses(raw: Path, change) -> None:
    path = raw / "wave=2021" / "responses.csv"
    header, body = read_rows(path)
    path.write_text(change(header, body))


STRUCTURAL = {
    "missing_file": (lambda raw: (raw / "wave=2021" / "fieldwork.csv").unlink(),
                     "wave=2021: file fieldwork.csv is missing (or not a file); every wave needs frame.csv, "
                     "sample.csv, fieldwork.csv, responses.csv"),
    "missing_column": (lambda raw: rewrite_responses(raw, lambda h, b: csv_text(
        [[c for i, c in enumerate(r) if h[i] != "employees"] for r in [h] + b])),
                       "responses.csv: column 'employees' is missing; add the column"),
    "renamed_column": (lambda raw: rewrite_responses(raw, lambda h, b: csv_text(
        [["tech_txt_analysis" if c == "tech_text_analysis" else c for c in h]] + b)),
                       "responses.csv: column 'tech_text_analysis' is missing; column 'tech_txt_analysis' looks "
                       "renamed from it: rename it back"),
    "unknown_item": (lambda raw: rewrite_responses(raw, lambda h, b: csv_text(
        [h + ["genai_chatbots"]] + [r + [""] for r in b])),
                     "responses.csv: column 'genai_chatbots' is not in the codebook of this wave. Fix: correct the "
                     "name, or declare it added in"),
    "wrong_delimiter": (lambda raw: rewrite_responses(raw, lambda h, b: "\n".join(";".join(r) for r in [h] + b)),
                        "responses.csv: columns are separated by a semicolon (';'), the warehouse reads "
                        "comma-separated files. Fix: export with ',' as delimiter"),
    "stratum_missing_from_frame": (lambda raw: drop_lines(raw / "wave=2021" / "frame.csv", "2021,58-63,5-9,"),
                                   "frame.csv: no row for stratum 58-63 x 5-9, which sample.csv samples"),
    "population_not_whole": (lambda raw: replace_text(raw / "wave=2021" / "frame.csv", "2021,35-39,5-9,66",
                                                      "2021,35-39,5-9,66.5"),
                             "frame.csv: line 3, stratum 35-39 x 5-9: population_firms '66.5' is not a whole number"),
    "sampled_above_population": (lambda raw: replace_text(raw / "wave=2021" / "frame.csv", "2021,35-39,5-9,66",
                                                          "2021,35-39,5-9,1"),
                                 "frame.csv: stratum 35-39 x 5-9 has population_firms 1 but sample.csv samples"),
    "responses_header_only": (lambda raw: rewrite_responses(raw, lambda h, b: csv_text([h])),
                              "responses.csv: has a header but no rows"),
    "responses_empty": (lambda raw: (raw / "wave=2021" / "responses.csv").write_bytes(b""),
                        "responses.csv: is empty; it needs a header line"),
    "fieldwork_window_not_a_date": (lambda raw: replace_text(raw / "wave=2021" / "wave_info.csv", "2021-09-14",
                                                             "14/09/2021"),
                                    "wave_info.csv: line 2: fieldwork_end '14/09/2021' is not a date"),
    "utf16": (lambda raw: (raw / "wave=2021" / "frame.csv").write_bytes(
        (raw / "wave=2021" / "frame.csv").read_text().encode("utf-16")),
              "frame.csv: is UTF-16 (or another two-byte encoding), not UTF-8. Fix: export it as UTF-8, or "
              "convert it: iconv -f UTF-16 -t UTF-8"),
}


@pytest.mark.parametrize("defect", sorted(STRUCTURAL))
def test_structural_problem_stops_the_intake_naming_file_column_and_fix(defect, tmp_path):
    raw = broken_wave(tmp_path)
    breaks, message = STRUCTURAL[defect]
    breaks(raw)
    with pytest.raises(IntakeError) as stopped:
        land(raw, tmp_path / "landing", seeds=SEEDS)
    assert len(stopped.value.problems) == 1, stopped.value.problems
    assert message in stopped.value.problems[0]
    assert not (tmp_path / "landing" / "wave=2021").exists()  # nothing half-landed


def test_make_run_stops_before_building_and_publishes_nothing(tmp_path, capsys):
    raw = broken_wave(tmp_path)
    STRUCTURAL["renamed_column"][0](raw)
    code = main(["run", "--warehouse-dir", str(tmp_path / "warehouse"), "--raw-root", str(raw)])
    out = capsys.readouterr().out
    assert code == 2
    assert "column 'tech_txt_analysis' looks renamed from it: rename it back" in out
    assert "Nothing was built or published" in out
    assert not (tmp_path / "warehouse" / "ai_barometer.duckdb").exists()
