"""Survey tools' own files in: the committed 2021 wave written as an SPSS .sav (value labels, user-missing
codes, a renamed and recoded column), a Stata .dta (long names cut to v<position> as Stata needs, an extended missing
value) and a Qualtrics CSV (three header rows, export tags, ImportIds, metadata columns, a recode), each
with its column_map.csv. Each builds and publishes the 2021 figures of the CSV build, every record
accounted for; corrupt variants stop with their named fix."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyreadstat
import pytest

from aibarometer.intake import IntakeError, land
from aibarometer.paths import SEEDS, wave_dir
from pytests.conftest import copy_project, dbt_build, rows

TEXT_COLUMNS = ("response_id", "invitation_id", "submitted_at", "enterprise_number", "nace_code")
RECODED = "tech_text_analysis"  # exported as Q5_1 with its codes + 10 (11, 12, ...), mapped back
CASES = 2741  # responses of the committed 2021 wave


def committed_responses() -> tuple[list[str], list[list[str]]]:
    with (wave_dir(2021) / "responses.csv").open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def option_labels() -> dict[str, dict[float, str]]:
    """Value labels per item, as a survey tool writes them: the codebook's Dutch labels."""
    with (SEEDS / "questionnaire" / "codebook_options.csv").open(encoding="utf-8") as f:
        by_set: dict[str, dict[float, str]] = {}
        for row in csv.DictReader(f):
            by_set.setdefault(row["option_set"], {})[float(row["code"])] = row["label_nl"]
    with (SEEDS / "questionnaire" / "codebook_items.csv").open(encoding="utf-8") as f:
        return {r["item"]: by_set[r["option_set"]] for r in csv.DictReader(f) if r["option_set"]}


def as_frame(header: list[str], body: list[list[str]]) -> pd.DataFrame:
    """The responses as a statistics package holds them: numbers as numbers, the date-time as one."""
    frame = pd.DataFrame(body, columns=header)
    for column in header:
        if column == "submitted_at":
            frame[column] = pd.to_datetime(frame[column])
        elif column not in TEXT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype(float)
    return frame


def twin_raw(tmp: Path) -> Path:
    raw = tmp / "raw"
    shutil.copytree(wave_dir(2021), raw / "wave=2021")
    (raw / "wave=2021" / "responses.csv").unlink()
    return raw


def write_map(folder: Path, lines: list[str]) -> None:
    (folder / "column_map.csv").write_text("rule,export_column,export_code,target\n" + "".join(
        line + "\n" for line in lines), encoding="utf-8")


def recode_lines(column: str) -> list[str]:
    return [f"code,{column},{int(code) + 10},{int(code)}" for code in option_labels()[RECODED]]


def write_spss(raw: Path, name: str = "responses.sav") -> Path:
    """The wave as SPSS: Q5_1 for tech_text_analysis with codes + 10; in tech_speech_recognition an
    empty cell becomes 8 'Weigert' and another 9 (unlabelled), both declared user-missing by the file."""
    header, body = committed_responses()
    frame = as_frame(header, body)
    empty = frame.index[frame["tech_speech_recognition"].isna()]
    frame.loc[empty[0], "tech_speech_recognition"] = 8.0
    frame.loc[empty[1], "tech_speech_recognition"] = 9.0
    frame[RECODED] = frame[RECODED] + 10
    frame = frame.rename(columns={RECODED: "Q5_1"})
    labels = {c: v for c, v in option_labels().items() if c in frame.columns}
    labels["tech_speech_recognition"] = {**labels["tech_speech_recognition"], 8.0: "Weigert"}
    labels["Q5_1"] = {code + 10: label for code, label in option_labels()[RECODED].items()}
    path = raw / "wave=2021" / name
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels,
                         missing_ranges={"tech_speech_recognition": [8.0, 9.0]}, compress=name.endswith(".zsav"))
    write_map(raw / "wave=2021", ["column,Q5_1,,tech_text_analysis", *recode_lines("Q5_1")])
    return path


def write_stata(raw: Path) -> Path:
    """The wave as Stata: names over 26 characters cut to v<position>, mapped back; an empty cell of
    tech_image_recognition written as the extended missing value .a."""
    header, body = committed_responses()
    frame = as_frame(header, body)
    # Stata names have 32 characters at most; writing this wave, pyreadstat refused a labelled variable of 31
    # characters (30 were written): every name over 26 is cut, with room to spare
    long = {c: f"v{i}" for i, c in enumerate(header) if len(c) > 26}
    column = frame["tech_image_recognition"].astype(object)
    column[column.index[column.isna()][0]] = "a"
    frame["tech_image_recognition"] = column
    frame = frame.rename(columns=long)
    labels = {long.get(c, c): {int(k): v for k, v in labels.items()} for c, labels in option_labels().items()
              if long.get(c, c) in frame.columns}
    path = raw / "wave=2021" / "responses.dta"
    pyreadstat.write_dta(frame, str(path), variable_value_labels=labels,
                         missing_user_values={"tech_image_recognition": ["a"]})
    write_map(raw / "wave=2021", [f"column,{short},,{item}" for item, short in long.items()])
    return path


def write_qualtrics(raw: Path) -> Path:
    """The wave as a Qualtrics CSV export: metadata columns first, items under export tags Q1..Qn, a second
    row of question texts and a third of ImportIds; the first five items mapped by ImportId, the rest by
    tag, tech_text_analysis recoded (+10)."""
    header, body = committed_responses()
    profile = ["response_id", "wave", "invitation_id", "submitted_at", "enterprise_number", "employees",
               "nace_code"]
    items = [c for c in header if c not in profile]
    tags = {item: f"Q{i + 1}" for i, item in enumerate(items)}
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)"]
    names = meta + ["ResponseId", "wave", "ExternalReference", "RecordedDate", "enterprise_number", "employees",
                    "nace_code"] + [tags[i] for i in items]
    texts = meta + ["Response ID", "wave", "External Data Reference", "Recorded Date",
                    "Ondernemingsnummer, zoals in de KBO", "Hoeveel werknemers\ntelt uw onderneming?",
                    "NACE-code"] + [f"Vraag over {i}, een keuze" for i in items]
    ids = [json.dumps({"ImportId": n}) for n in meta + ["_recordId", "wave", "externalDataReference",
                                                        "recordedDate", "QID1", "QID2", "QID3"]]
    ids += [json.dumps({"ImportId": f"QID{i + 10}"}) for i in range(len(items))]
    position = {c: i for i, c in enumerate(header)}
    out = [names, texts, ids]
    for row in body:
        cells = {c: row[position[c]] for c in header}
        if cells[RECODED]:
            cells[RECODED] = str(int(cells[RECODED]) + 10)
        out.append(["2021-05-17 08:00:00", cells["submitted_at"], "0", "192.0.2.1", "100", "412"]
                   + [cells[c] for c in profile[:2]] + [cells["invitation_id"], cells["submitted_at"]]
                   + [cells[c] for c in profile[4:]] + [cells[i] for i in items])
    path = raw / "wave=2021" / "responses.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(out)
    lines = ["skip_rows,,,2", *(f"drop,{m},," for m in meta), "column,ResponseId,,response_id",
             "column,ExternalReference,,invitation_id", "column,RecordedDate,,submitted_at"]
    lines += [f"column,QID{i + 10},,{item}" if i < 5 else f"column,{tags[item]},,{item}"
              for i, item in enumerate(items)]
    lines += recode_lines("QID10")  # tech_text_analysis is the first item: named by its ImportId
    write_map(raw / "wave=2021", lines)
    return path


WRITERS = {"spss": write_spss, "stata": write_stata, "qualtrics": write_qualtrics}


def published(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every mart's wave-2021 rows without the lineage columns (a case number is not a CSV line), sorted
    by their cells (numbers to 6 digits: rows arrive in another order, so sums differ in the last bits;
    measured 2e-16 relative)."""
    tables = {}
    for (table,) in con.execute("select distinct table_name from information_schema.columns where table_schema = "
                                "'marts' and column_name = 'wave' order by 1").fetchall():
        columns = [c for (c,) in con.execute("select column_name from information_schema.columns where "
                                             "table_schema = 'marts' and table_name = ? order by ordinal_position",
                                             [table]).fetchall() if not c.startswith("source_")]
        listed = ", ".join(f'"{c}"' for c in columns)
        found = con.execute(f'select {listed} from marts."{table}" where wave = 2021').fetchall()
        tables[table] = sorted(found, key=lambda r: repr(tuple(f"{v:.6g}" if isinstance(v, float) else v for v in r)))
    return tables


def differing(got: list[tuple], expected: list[tuple]) -> list[tuple]:
    """The rows of expected that got does not hold: equal cells, numbers to 1e-9 relative (or absolute).
    Measured between the twins: estimates 3e-15, the weighting-sensitivity table (weights calibrated by
    iteration to a tolerance) 1.5e-12; a published figure has one decimal."""
    def same(a, b) -> bool:
        if isinstance(a, float) and isinstance(b, float):
            return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
        return a == b

    if len(got) != len(expected):
        return expected
    return [e for g, e in zip(got, expected, strict=True) if not all(map(same, g, e))]


@pytest.fixture(scope="module")
def csv_twin(tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("csv_twin")
    project = copy_project(workdir / "project")
    raw = workdir / "raw"
    shutil.copytree(wave_dir(2021), raw / "wave=2021")
    result, db_path = dbt_build(project, workdir, raw_root=raw)
    assert result.ok, result.output[-3000:] + "\n".join(result.failures)
    con = duckdb.connect(str(db_path), read_only=True)
    yield project, published(con)
    con.close()


@pytest.mark.slow
@pytest.mark.parametrize("tool", sorted(WRITERS))
def test_an_export_with_its_mapping_publishes_the_figures_of_its_csv_twin(csv_twin, tool, tmp_path):
    project, expected = csv_twin
    raw = twin_raw(tmp_path)
    path = WRITERS[tool](raw)
    result, db_path = dbt_build(project, tmp_path / "build", raw_root=raw)
    assert result.ok, result.output[-3000:] + "\n".join(result.failures)  # the conservation law included
    con = duckdb.connect(str(db_path), read_only=True)
    got = published(con)
    assert set(got) == set(expected)
    assert {t: differing(got[t], expected[t])[:3] for t in sorted(expected) if differing(got[t], expected[t])} == {}
    assert len(expected["fct_indicator_estimates"]) > 1000
    # every record accounted for, counted from the file: the SPSS/Stata header's case count, the CSV's lines
    accounting = rows(con, "select source_file, physical_lines, header_lines, landed_records "
                           "from staging.stg_survey__file_accounting where file_name = 'responses'")
    header_lines = 4 if tool == "qualtrics" else 0  # names, texts (one with a line break), ImportIds
    lines = CASES + header_lines
    assert accounting == [(f"wave=2021/{path.name}", lines, header_lines, CASES)]
    assert rows(con, "select sum(received), sum(usable) from marts.fct_fieldwork_funnel") == [(CASES, 1717)]
    lineage = {(r[0], r[1], r[2]): r[3:] for r in rows(
        con, "select export_column, export_code, treatment, target, export_label, landed_code, cells "
             "from staging.stg_survey__export_codes")}
    recoded = {"spss": "Q5_1", "qualtrics": "Q1"}.get(tool)
    if recoded:
        assert lineage[(recoded, "11", "recoded")][:1] == ("tech_text_analysis",)
        assert lineage[(recoded, "11", "recoded")][2] == "1"
    if tool == "spss":
        assert lineage[("tech_speech_recognition", "8", "missing_in_file")] == (
            "tech_speech_recognition", "Weigert", None, 1)
        assert lineage[("tech_speech_recognition", "9", "missing_in_file")] == ("tech_speech_recognition", None,
                                                                                None, 1)
    if tool == "stata":
        assert lineage[("tech_image_recognition", "a", "missing_in_file")] == ("tech_image_recognition", None, None,
                                                                               1)
    con.close()


# --- corrupt variants: each stops naming the file, the line or column, and the fix -------------------

def stopped(raw: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(IntakeError) as stop:
        land(raw, tmp_path / "landing", seeds=SEEDS)
    assert not (tmp_path / "landing" / "wave=2021").exists()
    return stop.value.problems


def edit_map(raw: Path, old: str, new: str) -> None:
    path = raw / "wave=2021" / "column_map.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


CORRUPT = {
    "a column left unmapped": ("stata", lambda raw: edit_map(raw, "column,v21,,", "column,v99,,"),
                               ["maps column 'v99', which the export does not have",
                                "export column 'v21' is not mapped. Fix: add a line `column,v21,,<item>`"]),
    "a code with no target": ("spss", lambda raw: edit_map(raw, "code,Q5_1,11,1", "code,Q5_1,11,"),
                              ["line 3: export code '11' of column 'Q5_1' has no target. Fix: write the codebook "
                               "code it stands for, or declare it item non-response (`missing,Q5_1,11,`)"]),
    "a target item twice": ("spss", lambda raw: edit_map(raw, "code,Q5_1,11,1", "code,Q5_1,11,1\n"
                                                         "column,tech_speech_recognition,,tech_text_analysis"),
                            ["target 'tech_text_analysis' is mapped from column 'Q5_1' (line 2) and from column "
                             "'tech_speech_recognition' (line 4). Fix: keep one"]),
    "a target not in the codebook": ("spss", lambda raw: edit_map(raw, "column,Q5_1,,tech_text_analysis",
                                                                  "column,Q5_1,,tech_txt_analysis"),
                                     ["line 2: target 'tech_txt_analysis' is not a column of a responses file as "
                                      "of this wave (the profile and the codebook's items). Fix: correct it (did "
                                      "you mean tech_text_analysis?)"]),
    "a recode to no code of the item": ("spss", lambda raw: edit_map(raw, "code,Q5_1,11,1", "code,Q5_1,11,7"),
                                        ["line 3: target '7' is not a code of tech_text_analysis's option set"]),
    "a labelled code with no target": ("spss", lambda raw: edit_map(raw, "code,Q5_1,11,1\n", ""),
                                       ["responses.sav: column 'Q5_1' (tech_text_analysis) labels code 11 "
                                        "('Gebruikt'), which is no code of tech_text_analysis's option set"]),
    "a truncated file": ("spss", lambda raw: (raw / "wave=2021" / "responses.sav").write_bytes(
        (raw / "wave=2021" / "responses.sav").read_bytes()[:60_000]), ["responses.sav: "]),
    "two responses files": ("spss", lambda raw: shutil.copy(wave_dir(2021) / "responses.csv", raw / "wave=2021"),
                            ["holds responses.csv and responses.sav: one file of responses a wave"]),
}


@pytest.mark.parametrize("variant", sorted(CORRUPT))
def test_a_corrupt_export_or_mapping_stops_with_its_named_fix(variant, tmp_path):
    tool, corrupt, messages = CORRUPT[variant]
    raw = twin_raw(tmp_path)
    WRITERS[tool](raw)
    corrupt(raw)
    problems = stopped(raw, tmp_path)
    for message in messages:
        assert any(message in p for p in problems), problems
    if variant == "a truncated file":
        assert any("truncated" in p and "Fix: export it again" in p for p in problems), problems


def test_an_unlabelled_unknown_code_lands_as_written_for_the_rules_to_quarantine(tmp_path):
    """A code the file neither labels nor declares missing lands unchanged: dbt's unknown_answer_code
    quarantines it (pytests/test_bad_input.py), with the export code traceable."""
    raw = twin_raw(tmp_path)
    path = write_spss(raw)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    frame.loc[0, "tech_machine_learning"] = 7.0
    pyreadstat.write_sav(frame, str(path), variable_value_labels=meta.variable_value_labels,
                         missing_ranges={"tech_speech_recognition": [8.0, 9.0]})
    land(raw, tmp_path / "landing", seeds=SEEDS)
    landed = tmp_path / "landing" / "wave=2021" / "responses.parquet"
    assert rows(duckdb.connect(), "select source_line, tech_machine_learning, tech_speech_recognition is null "
                                  "from read_parquet(?) where source_line = 1", str(landed)) == [(1, "7", True)]
    log = json.loads((tmp_path / "landing" / "_intake.json").read_text())["2021"]["log"]
    assert any("1 cell(s) of tech_speech_recognition (tech_speech_recognition) with code '8' ('Weigert') made item "
               "non-response (the file declares it missing)" in line for line in log), log


def test_a_limesurvey_export_lands_as_the_committed_csv_does(tmp_path):
    """LimeSurvey names subquestions Q3[SQ001] and answer codes A1, A2, ...: mapped by column rules and one
    `*` code rule per answer code (applied to coded items only: employees' 12 stays 12), the landed
    responses equal the committed CSV's, cell for cell."""
    header, body = committed_responses()
    profile = ("response_id", "wave", "invitation_id", "submitted_at", "enterprise_number", "employees", "nace_code")
    coded = set(option_labels())
    names = {c: c if c in profile else f"G{i // 10}Q{i}[SQ001]" for i, c in enumerate(header)}
    raw = twin_raw(tmp_path)
    with (raw / "wave=2021" / "responses.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([names[c] for c in header])
        out.writerows([f"A{v}" if c in coded and v else v for c, v in zip(header, row, strict=True)] for row in body)
    codes = sorted({int(code) for labels in option_labels().values() for code in labels})
    write_map(raw / "wave=2021", [f"column,{names[c]},,{c}" for c in header if c not in profile]
              + [f"code,*,A{code},{code}" for code in codes])
    land(raw, tmp_path / "mapped", seeds=SEEDS)
    land(wave_dir(2021).parent, tmp_path / "committed", seeds=SEEDS)
    con = duckdb.connect()
    columns = ", ".join(f'"{c}"' for c in header if c != "wave")

    def landed(folder: str) -> list[tuple]:
        return rows(con, f"select {columns}, source_line from read_parquet(?) order by source_line",
                    str(tmp_path / folder / "wave=2021" / "responses.parquet"))

    assert landed("mapped") == landed("committed")
    assert len(landed("mapped")) == CASES


def test_a_compressed_spss_file_lands_as_the_plain_one(tmp_path):
    """.zsav (SPSS's compressed format) is read by the same reader: the same landed rows and lineage."""
    landed = {}
    for name in ("responses.sav", "responses.zsav"):
        raw = twin_raw(tmp_path / name)
        write_spss(raw, name)
        land(raw, tmp_path / name / "landing", seeds=SEEDS)
        folder = tmp_path / name / "landing" / "wave=2021"
        con = duckdb.connect()
        landed[name] = (rows(con, "select * exclude (source_file) from read_parquet(?) order by source_line",
                             str(folder / "responses.parquet")),
                        rows(con, "select * exclude (source_file) from read_parquet(?) order by all",
                             str(folder / "export_codes.parquet")))
    assert landed["responses.zsav"] == landed["responses.sav"]
    assert len(landed["responses.sav"][0]) == CASES and len(landed["responses.sav"][1]) > 50
