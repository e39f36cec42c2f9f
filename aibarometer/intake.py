"""Intake: check each wave's raw files and land them for dbt, so that nothing is lost without a word.

Raw files are never changed. For every wave partition data/raw/wave=<wave>/ this writes a landing copy
(<landing>/wave=<wave>/<file>.parquet, every column text) that dbt reads:

- Structural problems stop the run at once, all of them listed, each naming the file, the column and the
  fix: a missing file, a missing or renamed column, an item column the wave's codebook does not know, a
  wrong delimiter, a UTF-16 export.
- Encodings are made explicit and logged: a UTF-8 byte-order mark is dropped, a file that is not valid
  UTF-8 is read as Latin-1 (what Windows survey tools export) and landed as UTF-8.
- A row whose field count differs from the header's is not landed: it goes to the wave's rejects.csv
  with the file, its line and its raw text, and dbt puts it in the quarantine with the rows its own rules
  reject. Every landed row keeps its source file and line, so a quarantined or published number can be
  traced back to the line it came from.
- The file's own `wave` column is landed as `declared_wave`: the wave is the partition's, and rows that
  declare another one are quarantined in dbt.

A wave whose raw files are unchanged since the last intake (size and modification time, kept in
_intake.json) is not landed again: appending a wave costs the same however many waves are loaded.
The copy is Parquet, not CSV, for the same reason: dbt reads the waves through one glob, and with CSV
DuckDB sniffs every wave's file before it can prune to the waves a run builds (measured: 2 s per read of
20 waves, against 0.03 s from Parquet, where the schema is in each file's footer).
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from aibarometer.paths import RAW_ROOT, SEEDS, WAREHOUSE_DIR

REQUIRED_FILES = ("frame", "sample", "fieldwork", "responses")
OPTIONAL_FILES = ("codebook_changes", "wave_info")
REQUIRED_COLUMNS = {
    "frame": ("wave", "nace_group", "size_class", "population_firms"),
    "sample": ("wave", "invitation_id", "enterprise_number", "nace_group", "size_class"),
    "fieldwork": ("wave", "invitation_id", "delivery_status", "reminders_sent", "phone_follow_up"),
    "responses": ("response_id", "wave", "invitation_id", "submitted_at", "enterprise_number", "employees",
                  "nace_code"),
    "codebook_changes": ("item", "change"),
    # where the wave comes from: is_synthetic true/false and a sentence of provenance (one row)
    "wave_info": ("is_synthetic", "provenance"),
}
CODEBOOK_COLUMNS = ("section", "item_type", "option_set", "asked_of", "condition_item", "condition_codes",
                    "is_ai_question", "eurostat_code", "question_nl", "question_en")
# Columns a landed file may carry beyond the required ones (the sample's contact e-mail is personal
# data: staging drops it); an absent optional file is landed empty with the required and these.
OPTIONAL_COLUMNS = {"sample": ("contact_email",), "codebook_changes": CODEBOOK_COLUMNS}
CODEBOOK_CHANGES = ("added", "dropped", "reworded")
REJECTS = "rejects.csv"
MANIFEST = "_intake.json"
WAVE_FOLDER = re.compile(r"^wave=(\d{4})$")


class IntakeError(Exception):
    """Structural problems: the run stops before dbt, with every problem and its fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The raw files cannot be read as they are:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class IntakeReport:
    waves: list[int]
    landed: list[int]  # waves landed anew in this run (new or changed raw files)
    log: list[str] = field(default_factory=list)
    rejected_rows: int = 0


def base_items(seeds: Path = SEEDS) -> list[str]:
    """Items of the baseline codebook that are columns of a responses export."""
    with (seeds / "questionnaire" / "codebook_items.csv").open(encoding="utf-8") as f:
        return [r["item"] for r in csv.DictReader(f) if r["item_type"] != "derived"]


def wave_items(raw_root: Path, wave: int, waves: list[int], seeds: Path = SEEDS) -> set[str]:
    """The items wave asks: the baseline codebook with the changes of every wave up to this one."""
    items = set(base_items(seeds))
    for earlier in (w for w in waves if w <= wave):
        changes = raw_root / f"wave={earlier}" / "codebook_changes.csv"
        if not changes.exists():
            continue
        with changes.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("change") == "added":
                    items.add(row["item"])
                elif row.get("change") == "dropped":
                    items.discard(row["item"])
    return items


def sniff_encoding(path: Path) -> tuple[str, str | None]:
    """The encoding to read path with, and a log line when it is not plain UTF-8 (or a problem)."""
    head = path.read_bytes()[:4096] if path.stat().st_size < 4096 else path.open("rb").read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise IntakeError([f"{path}: is UTF-16 (or another two-byte encoding), not UTF-8. Fix: export it as "
                           f"UTF-8, or convert it: iconv -f UTF-16 -t UTF-8 '{path.name}' > converted.csv"])
    bom = head.startswith(b"\xef\xbb\xbf")
    try:
        with path.open(encoding="utf-8-sig") as f:
            for _ in f:
                pass
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return "latin-1", (f"{path}: not valid UTF-8 (byte 0x{exc.object[exc.start]:02X} on line {line}); read as "
                           f"Latin-1 and landed as UTF-8. To fix the source: iconv -f LATIN1 -t UTF-8")
    return "utf-8-sig", (f"{path}: UTF-8 with a byte-order mark; the mark was dropped" if bom else None)


def check_header(path: Path, name: str, header: list[str], items: set[str] | None) -> list[str]:
    """Structural problems of a header: wrong delimiter, missing, renamed or unknown columns."""
    if len(header) == 1:
        for delimiter, label in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if delimiter in header[0]:
                return [f"{path}: columns are separated by a {label} ('{delimiter}'), the warehouse reads "
                        f"comma-separated files. Fix: export with ',' as delimiter"]
    expected = list(REQUIRED_COLUMNS[name])
    known = set(expected) | set(OPTIONAL_COLUMNS.get(name, ()))
    if name == "responses":
        expected += sorted(items - set(expected))
        known |= items
    problems = []
    unknown = [c for c in header if c not in known]
    for column in expected:
        if column in header:
            continue
        close = difflib.get_close_matches(column, unknown, n=1, cutoff=0.6)
        hint = (f"; column '{close[0]}' looks renamed from it: rename it back" if close
                else "; add the column (empty cells mean no answer)")
        if name == "responses" and column not in REQUIRED_COLUMNS[name]:
            hint += f", or declare the item dropped in {path.parent / 'codebook_changes.csv'}"
        problems.append(f"{path}: column '{column}' is missing{hint}")
    for column in unknown:
        if difflib.get_close_matches(column, expected, n=1, cutoff=0.6) and any(c not in header for c in expected):
            continue  # already named as the renamed form of a missing column
        where = (f"not in the codebook of this wave. Fix: correct the name, or declare it added in "
                 f"{path.parent / 'codebook_changes.csv'}" if name == "responses" else "not expected. Fix: remove "
                 f"or rename it (expected: {', '.join(REQUIRED_COLUMNS[name])})")
        problems.append(f"{path}: column '{column}' is {where}")
    if len(set(header)) < len(header):
        problems.append(f"{path}: duplicated column names {sorted({c for c in header if header.count(c) > 1})}")
    return problems


def land_file(path: Path, name: str, out: Path, rejects: csv.writer, items: set[str] | None,
              encoding: str) -> tuple[int, list[str]]:
    """Copy path to out with its source line, rows of the wrong width to rejects. Returns rejected rows."""
    source = f"{path.parent.name}/{path.name}"
    rejected = 0
    with path.open(encoding=encoding, newline="") as f, out.open("w", encoding="utf-8", newline="") as g:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return 0, [f"{path}: is empty; it needs at least its header line ({', '.join(REQUIRED_COLUMNS[name])})"]
        header = [c.strip() for c in header]
        problems = check_header(path, name, header, items)
        if problems:
            return 0, problems
        writer = csv.writer(g, lineterminator="\n")
        writer.writerow(["declared_wave" if c == "wave" else c for c in header] + ["source_file", "source_line"])
        width = len(header)
        line = reader.line_num
        for row in reader:
            first_line, line = line + 1, reader.line_num
            if not row:
                continue  # a blank line holds no response
            if len(row) != width:
                rejects.writerow([source, first_line, "malformed_row",
                                  f"{len(row)} fields where the header has {width}", ",".join(row)[:500]])
                rejected += 1
                continue
            writer.writerow(row + [source, first_line])
    return rejected, []


def to_parquet(folder: Path) -> None:
    """Turn every landed CSV of folder into Parquet with text columns, as dbt's source reads them: empty
    cells become null, values are kept verbatim for staging to type (and the quarantine to quote)."""
    con = duckdb.connect()
    for path in sorted(folder.glob("*.csv")):
        source, target = (str(p).replace("'", "''") for p in (path, path.with_suffix(".parquet")))
        # hive_partitioning off: the wave is the folder's, added when dbt reads the whole landing
        con.execute(f"copy (select * from read_csv('{source}', header = true, all_varchar = true, delim = ',', "
                    f"quote = '\"', escape = '\"', hive_partitioning = false)) to '{target}' (format parquet)")
        path.unlink()
    con.close()


def signature(folder: Path) -> dict[str, list[int]]:
    return {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(folder.glob("*.csv"))}


def land(raw_root: Path = RAW_ROOT, landing: Path | None = None, full_refresh: bool = False,
         seeds: Path = SEEDS) -> IntakeReport:
    """Check and land every wave under raw_root. Raises IntakeError on a structural problem."""
    landing = landing if landing is not None else WAREHOUSE_DIR / "landing"
    if not raw_root.is_dir():
        raise IntakeError([f"{raw_root}: no raw data folder. Fix: put each wave's files in "
                           f"{raw_root}/wave=<wave>/ (or run `aibarometer generate`)"])
    folders = sorted(p for p in raw_root.iterdir() if p.is_dir() and p.name.startswith("wave"))
    problems = [f"{p}: a partition folder is named wave=<four-digit wave>, e.g. wave=2021" for p in folders
                if not WAVE_FOLDER.match(p.name)]
    waves = sorted(int(WAVE_FOLDER.match(p.name).group(1)) for p in folders if WAVE_FOLDER.match(p.name))
    if not waves and not problems:
        problems.append(f"{raw_root}: holds no wave=<wave>/ folder. Fix: put each wave's files in one")
    for wave in waves:
        for name in REQUIRED_FILES:
            if not (raw_root / f"wave={wave}" / f"{name}.csv").exists():
                problems.append(f"{raw_root / f'wave={wave}'}: file {name}.csv is missing; every wave needs "
                                f"{', '.join(n + '.csv' for n in REQUIRED_FILES)}")
    if problems:
        raise IntakeError(problems)
    manifest_path = landing / MANIFEST
    manifest = {} if full_refresh or not manifest_path.exists() else json.loads(manifest_path.read_text())
    if full_refresh and landing.exists():
        shutil.rmtree(landing)
    report = IntakeReport(waves=waves, landed=[])
    for stale in set(manifest) - {str(w) for w in waves}:
        shutil.rmtree(landing / f"wave={stale}", ignore_errors=True)  # a wave folder was removed
        manifest.pop(stale)
    for wave in waves:
        folder = raw_root / f"wave={wave}"
        sig = signature(folder)
        target = landing / f"wave={wave}"
        if manifest.get(str(wave), {}).get("signature") == sig and target.is_dir():
            continue
        building = landing / f".wave={wave}.partial"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        items = wave_items(raw_root, wave, waves, seeds)
        wave_problems: list[str] = []
        wave_log: list[str] = []
        rejected = 0
        with (building / REJECTS).open("w", encoding="utf-8", newline="") as r:
            rejects = csv.writer(r, lineterminator="\n")
            rejects.writerow(["source_file", "source_line", "rule_name", "detail", "raw_value"])
            for name in REQUIRED_FILES + OPTIONAL_FILES:
                path = folder / f"{name}.csv"
                if not path.exists():  # only optional files can be absent here: land an empty one
                    columns = REQUIRED_COLUMNS[name] + OPTIONAL_COLUMNS.get(name, ())
                    (building / path.name).write_text(",".join(columns) + ",source_file,source_line\n")
                    continue
                encoding, note = sniff_encoding(path)
                if note:
                    wave_log.append(note)
                n, file_problems = land_file(path, name, building / path.name, rejects, items, encoding)
                rejected += n
                wave_problems += file_problems
        if wave_problems:
            shutil.rmtree(building)
            problems += wave_problems
            continue
        to_parquet(building)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(building, target)
        manifest[str(wave)] = {"signature": sig, "rejected_rows": rejected, "log": wave_log}
        report.landed.append(wave)
        report.log += wave_log
        report.rejected_rows += rejected
    if problems:
        raise IntakeError(problems)
    landing.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return report
