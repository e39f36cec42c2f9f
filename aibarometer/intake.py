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
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aibarometer import records
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
    # where the wave comes from: is_synthetic true/false and a sentence of provenance (one row); optional:
    # the fieldwork window (first and last day), against which submission dates are checked
    "wave_info": ("is_synthetic", "provenance"),
}
CODEBOOK_COLUMNS = ("section", "item_type", "option_set", "asked_of", "condition_item", "condition_codes",
                    "is_ai_question", "eurostat_code", "question_nl", "question_en")
# Columns a landed file may carry beyond the required ones (the sample's contact e-mail is personal
# data: staging drops it); an absent optional file is landed empty with the required and these.
OPTIONAL_COLUMNS = {"sample": ("contact_email",), "codebook_changes": CODEBOOK_COLUMNS,
                    "wave_info": ("fieldwork_start", "fieldwork_end")}
CODEBOOK_CHANGES = ("added", "dropped", "reworded")
# Enumerations the intake normalises (lower case, no surrounding spaces: 'Delivered ' -> 'delivered'),
# logging each column's count; anything else is left as written for dbt to quarantine.
ENUMERATIONS = {("fieldwork", "delivery_status"): {"delivered", "bounced"},
                ("fieldwork", "phone_follow_up"): {"true", "false"},
                ("wave_info", "is_synthetic"): {"true", "false"}}
LINEAGE_COLUMNS = ("source_file", "source_line", "source_line_end")
REJECT_COLUMNS = ("source_file", "source_line", "source_line_end", "rule_name", "detail", "raw_value")
ACCOUNTING_INTEGERS = ("physical_lines", "header_lines", "blank_lines", "landed_records", "landed_lines",
                       "rejected_records", "rejected_lines")
RAW_VALUE_CHARS = 500  # of a set-aside row's text kept for the quarantine (a cell can be megabytes)
BATCH_ROWS = 100_000
# Bumped when the landing's layout changes: every wave is landed again once.
INTAKE_VERSION = 2
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
    """The items wave asks: the baseline codebook with the changes of every wave up to this one. The
    changes files are read with the intake's own splitter, so a damaged one stops with its line, never
    with a parser's traceback."""
    items = set(base_items(seeds))
    for earlier in (w for w in waves if w <= wave):
        path = raw_root / f"wave={earlier}" / "codebook_changes.csv"
        if not path.exists():
            continue
        data = path.read_bytes()
        encoding, _ = sniff_encoding(path, data)
        split = records.split(data.decode(encoding).lstrip("\ufeff"), data)
        header = [c.strip() for c in split.header or []]
        if "item" not in header or "change" not in header:
            raise IntakeError([f"{path}: needs the columns item and change (and, for an added or reworded "
                               f"item, its codebook entry: {', '.join(CODEBOOK_COLUMNS)})"])
        problems = [f"{path}: line {bad.first_line}: {bad.detail}" for bad in split.rejected]
        for rec in split.records:
            if len(rec.fields) != len(header):
                problems.append(f"{path}: line {rec.first_line}: {len(rec.fields)} fields where the header has "
                                f"{len(header)}")
                continue
            row = dict(zip(header, rec.fields))
            change = row["change"].strip().lower()
            if change not in CODEBOOK_CHANGES:
                problems.append(f"{path}: line {rec.first_line}: change '{row['change']}' is not one of "
                                f"{', '.join(CODEBOOK_CHANGES)}")
            elif change == "added":
                items.add(row["item"].strip())
            elif change == "dropped":
                items.discard(row["item"].strip())
        if problems:
            raise IntakeError(problems)
    return items


def sniff_encoding(path: Path, data: bytes) -> tuple[str, str | None]:
    """The encoding to read path with, and a log line when it is not plain UTF-8. A two-byte encoding
    (UTF-16) is told from stray NUL bytes by its byte-order mark or by NULs in a third of its bytes or
    more; stray NULs are left for the record rules (`nul_byte`)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and head.count(b"\x00") * 3 >= len(head)):
        raise IntakeError([f"{path}: is UTF-16 (or another two-byte encoding), not UTF-8. Fix: export it as "
                           f"UTF-8, or convert it: iconv -f UTF-16 -t UTF-8 '{path.name}' > converted.csv"])
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
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


@dataclass
class LandedFile:
    """One raw file as landed: its accounting (every physical line is header, blank, landed or rejected)."""

    name: str
    physical_lines: int
    blank_lines: int = 0
    landed_records: int = 0
    landed_lines: int = 0
    rejected_records: int = 0
    rejected_lines: int = 0
    header_lines: int = 1
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    rows: list[list[str | None]] = field(default_factory=list, repr=False)

    def lines_accounted(self) -> int:
        return self.header_lines + self.blank_lines + self.landed_lines + self.rejected_lines

    def accounting_row(self, wave: int) -> dict[str, object]:
        return {"source_file": f"wave={wave}/{self.name}.csv", "file_name": self.name,
                "physical_lines": self.physical_lines, "header_lines": self.header_lines,
                "blank_lines": self.blank_lines, "landed_records": self.landed_records,
                "landed_lines": self.landed_lines, "rejected_records": self.rejected_records,
                "rejected_lines": self.rejected_lines}


def read_file(path: Path, name: str, items: set[str] | None, rejects: list[dict]) -> tuple[LandedFile, list[str]]:
    """Split path into records (aibarometer.records), check its header, set aside what cannot be a row.
    Returns the file's accounting with its rows (text, empty cells as null) and the landed header."""
    data = path.read_bytes()
    source = f"{path.parent.name}/{path.name}"
    encoding, note = sniff_encoding(path, data)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    split = records.split(text, data)
    landed = LandedFile(name, split.physical_lines, blank_lines=split.blank_lines, log=[note] if note else [])
    if split.header is None or split.header_text.strip() == "":
        landed.header_lines = 0 if not text else 1
        what = "is empty" if not text.strip() else "has no readable header on line 1 (a quote is left open)"
        landed.problems.append(f"{path}: {what}; it needs a header line ({', '.join(REQUIRED_COLUMNS[name])}) "
                               f"and its rows")
        return landed, []
    header = [c.strip() for c in split.header]
    landed.problems += check_header(path, name, header, items)
    if landed.problems:
        return landed, []
    if not split.records and not split.rejected and name in REQUIRED_FILES:
        landed.problems.append(f"{path}: has a header but no rows. Fix: export the {name} rows too (a wave "
                               f"cannot be built without them)")
        return landed, []
    width = len(header)
    normalised: dict[str, list[str]] = {}
    enumerations = {i: ENUMERATIONS[(name, c)] for i, c in enumerate(header) if (name, c) in ENUMERATIONS}

    def reject(first: int, last: int, rule: str, detail: str, raw: str) -> None:
        rejects.append({"source_file": source, "source_line": first, "source_line_end": last, "rule_name": rule,
                        "detail": detail, "raw_value": raw[:RAW_VALUE_CHARS].replace("\x00", "\\x00")})
        landed.rejected_records += 1
        landed.rejected_lines += last - first + 1

    for bad in split.rejected:
        reject(bad.first_line, bad.last_line, bad.rule, bad.detail, bad.text)
    for rec in split.records:
        if "\x00" in rec.text:
            reject(rec.first_line, rec.last_line, "nul_byte", "the row holds a NUL byte (0x00), which no "
                   "export writes into a cell: the row is damaged", rec.text)
        elif len(rec.fields) != width:
            reject(rec.first_line, rec.last_line, "malformed_row",
                   f"{len(rec.fields)} fields where the header has {width}", rec.text)
        elif [f.strip() for f in rec.fields] == header:
            reject(rec.first_line, rec.last_line, "repeated_header", "the header line again (files "
                   "concatenated?): not a row", rec.text)
        else:
            row: list[str | None] = [f if f != "" else None for f in rec.fields]
            for i, allowed in enumerations.items():
                value = row[i]
                if value is not None and value not in allowed and value.strip().lower() in allowed:
                    normalised.setdefault(header[i], []).append(value)
                    row[i] = value.strip().lower()
            landed.rows.append(row + [source, rec.first_line, rec.last_line])
            landed.landed_records += 1
            landed.landed_lines += rec.last_line - rec.first_line + 1
    for column, values in normalised.items():
        landed.log.append(f"{path}: {len(values)} value(s) of {column} normalised to lower case without "
                          f"surrounding spaces (e.g. {values[0]!r} -> {values[0].strip().lower()!r})")
    if landed.lines_accounted() != landed.physical_lines:  # the splitter's own law, on the raw bytes
        landed.problems.append(f"{path}: {landed.physical_lines} lines in the file, but {landed.lines_accounted()} "
                               f"accounted for by the intake. This is a defect of the intake: report it with "
                               f"the file")
    return landed, ["declared_wave" if c == "wave" else c for c in header]


def write_parquet(path: Path, columns: list[str], rows: list[list], integer_columns: tuple[str, ...]) -> None:
    """Land rows as Parquet: text columns (staging types them), lineage columns as integers. Written in
    batches so a large file never needs one more copy of itself in memory."""
    schema = pa.schema([(c, pa.int64() if c in integer_columns else pa.string()) for c in columns])
    with pq.ParquetWriter(str(path), schema) as writer:
        for start in range(0, max(len(rows), 1), BATCH_ROWS):
            batch = rows[start:start + BATCH_ROWS]
            arrays = [pa.array([r[i] for r in batch], type=schema.field(i).type) for i in range(len(columns))]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


def seed_codes(seeds: Path, name: str, column: str) -> set[str]:
    with (seeds / "dimensions" / f"{name}.csv").open(encoding="utf-8") as f:
        return {r[column] for r in csv.DictReader(f)}


def frame_problems(folder: Path, files: dict[str, tuple[LandedFile, list[str]]], rejects: list[dict],
                   seeds: Path = SEEDS) -> list[str]:
    """Frame integrity before weighting: every frame row a known stratum with a whole population, no
    stratum twice, no damaged row; every stratum the sample draws from has a frame row with
    0 < sampled <= population. (Strata that responses report are checked in dbt, where the answers are
    classified: assert_usable_strata_have_a_frame_row.)"""
    path = folder / "frame.csv"
    groups, sizes = seed_codes(seeds, "nace_groups", "nace_group"), seed_codes(seeds, "size_classes", "size_class")
    problems = [f"{path}: line {r['source_line']}: {r['detail']}; the frame cannot lose a row (every stratum's "
                f"weight depends on it). Fix the line" for r in rejects if r["source_file"].endswith("/frame.csv")]
    frame, header = files["frame"]
    population: dict[tuple[str, str], int | None] = {}
    for row in frame.rows:
        cell = dict(zip(header, row))
        line = row[len(header) + 1]
        stratum = ((cell["nace_group"] or "").strip(), (cell["size_class"] or "").strip())
        where = f"{path}: line {line}, stratum {stratum[0]} x {stratum[1]}"
        if stratum[0] not in groups or stratum[1] not in sizes:
            problems.append(f"{where}: not a stratum of the survey (NACE groups {', '.join(sorted(groups))}; size "
                            f"classes {', '.join(sorted(sizes))}). Fix: correct the codes")
        text = (cell["population_firms"] or "").strip()
        if not text.isdigit():
            problems.append(f"{where}: population_firms '{cell['population_firms'] or ''}' is not a whole number. "
                            f"Fix: write the stratum's number of firms in digits, without separators")
        if stratum in population:
            problems.append(f"{where}: the stratum has a row already. Fix: keep one row per stratum")
        population[stratum] = int(text) if text.isdigit() else None
    sample, sample_header = files["sample"]
    invitations: dict[tuple[str, str], set[str]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in sample.rows:
        cell = dict(zip(sample_header, row))
        stratum = ((cell["nace_group"] or "").strip(), (cell["size_class"] or "").strip())
        invitations.setdefault(stratum, set()).add(cell["invitation_id"])
        first_line.setdefault(stratum, row[len(sample_header) + 1])
    for stratum, invited in sorted(invitations.items()):
        name = f"{stratum[0]} x {stratum[1]}"
        if stratum not in population:
            problems.append(f"{path}: no row for stratum {name}, which sample.csv samples {len(invited)} firm(s) "
                            f"from (first on line {first_line[stratum]}). Fix: add the stratum's population to "
                            f"frame.csv, or correct the stratum in sample.csv")
        elif population[stratum] is not None and not 0 < len(invited) <= population[stratum]:
            problems.append(f"{path}: stratum {name} has population_firms {population[stratum]} but sample.csv "
                            f"samples {len(invited)} firm(s) from it; a stratum needs 0 < sampled <= population. "
                            f"Fix: correct the population or the sample")
    return problems


def wave_info_problems(folder: Path, files: dict[str, tuple[LandedFile, list[str]]]) -> list[str]:
    """The fieldwork window, when declared, is two dates (YYYY-MM-DD), the first not after the last:
    submission dates are checked against it, so a window that does not parse would check nothing."""
    if "wave_info" not in files:
        return []
    landed, header = files["wave_info"]
    problems = []
    for row in landed.rows:
        cell = dict(zip(header, row))
        where = f"{folder / 'wave_info.csv'}: line {row[len(header) + 1]}"
        days = {}
        for column in ("fieldwork_start", "fieldwork_end"):
            text = (cell.get(column) or "").strip()
            if not text:
                continue
            try:
                days[column] = date.fromisoformat(text)
            except ValueError:
                problems.append(f"{where}: {column} '{text}' is not a date. Fix: write it as YYYY-MM-DD")
        if len(days) == 1 and not problems:
            problems.append(f"{where}: the fieldwork window needs both fieldwork_start and fieldwork_end")
        elif len(days) == 2 and days["fieldwork_start"] > days["fieldwork_end"]:
            problems.append(f"{where}: fieldwork_start {days['fieldwork_start']} is after fieldwork_end "
                            f"{days['fieldwork_end']}. Fix: swap or correct them")
    return problems


def content_hash(folder: Path) -> dict[str, str]:
    """Each raw file's SHA-256: a wave is landed again when any of its files' content changes."""
    hashes = {}
    for path in sorted(folder.glob("*.csv")):
        try:
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # read_file names it; an unreadable file never matches a landed one
            hashes[path.name] = "unreadable"
    return hashes


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
            if not (raw_root / f"wave={wave}" / f"{name}.csv").is_file():
                problems.append(f"{raw_root / f'wave={wave}'}: file {name}.csv is missing (or not a file); every wave needs "
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
        sig = {"intake_version": INTAKE_VERSION, **content_hash(folder)}
        target = landing / f"wave={wave}"
        if manifest.get(str(wave), {}).get("signature") == sig and target.is_dir():
            continue
        items = wave_items(raw_root, wave, waves, seeds)
        rejects: list[dict] = []
        files: dict[str, tuple[LandedFile, list[str]]] = {}
        unreadable: list[str] = []
        for name in REQUIRED_FILES + OPTIONAL_FILES:
            path = folder / f"{name}.csv"
            if not path.exists():  # an absent optional file (required ones were checked above)
                continue
            try:
                files[name] = read_file(path, name, items, rejects)
            except OSError as exc:  # unreadable (permissions, a folder named like the file, a disk error)
                unreadable.append(f"{path}: cannot be read ({exc.strerror or exc}). Fix: make it a readable file")
        wave_problems = unreadable + [p for landed, _ in files.values() for p in landed.problems]
        if not wave_problems and set(REQUIRED_FILES) <= set(files):
            wave_problems = frame_problems(folder, files, rejects, seeds) + wave_info_problems(folder, files)
        if wave_problems:
            problems += wave_problems
            continue
        building = landing / f".wave={wave}.partial"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        wave_log: list[str] = []
        for name in REQUIRED_FILES + OPTIONAL_FILES:
            landed, header = files.get(name, (None, []))
            # every optional column is landed, empty where the file lacks it (or the file is absent), so
            # that staging can name it whatever a wave's export holds
            missing = [c for c in REQUIRED_COLUMNS[name] + OPTIONAL_COLUMNS.get(name, ())
                       if ("declared_wave" if c == "wave" else c) not in header]
            columns = header + ["declared_wave" if c == "wave" else c for c in missing] + list(LINEAGE_COLUMNS)
            rows = [] if landed is None else [r[:len(header)] + [None] * len(missing) + r[len(header):]
                                               for r in landed.rows]
            write_parquet(building / f"{name}.parquet", columns, rows, LINEAGE_COLUMNS[1:])
            if landed is not None:
                wave_log += landed.log
        write_parquet(building / "rejects.parquet", list(REJECT_COLUMNS), [list(r.values()) for r in rejects],
                      LINEAGE_COLUMNS[1:])
        accounting = [landed.accounting_row(wave) for landed, _ in files.values()]
        write_parquet(building / "file_accounting.parquet", list(accounting[0]), [list(a.values()) for a in accounting],
                      ACCOUNTING_INTEGERS)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(building, target)
        manifest[str(wave)] = {"signature": sig, "rejected_rows": len(rejects), "log": wave_log,
                               "accounting": accounting}
        report.landed.append(wave)
        report.log += wave_log
        report.rejected_rows += len(rejects)
    if problems:
        raise IntakeError(problems)
    landing.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return report
