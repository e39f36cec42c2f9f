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
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from aibarometer import codebook, records
from aibarometer.layout import (CODEBOOK_COLUMNS, OPTIONAL_COLUMNS, OPTIONAL_FILES, REQUIRED_COLUMNS,
                                REQUIRED_FILES)
from aibarometer.paths import RAW_ROOT, SEEDS, WAREHOUSE_DIR

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


def wave_items(raw_root: Path, wave: int, waves: list[int], seeds: Path = SEEDS) -> set[str]:
    """The items wave asks (aibarometer.codebook: the baseline with the changes of every wave up to this
    one). The changes files are read with the intake's own splitter, so a damaged one stops with its line,
    never with a parser's traceback."""
    changes: list[tuple[str, str]] = []
    for _, path in codebook.change_files(raw_root, wave, waves):
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
            if change not in codebook.CHANGES:
                problems.append(f"{path}: line {rec.first_line}: change '{row['change']}' is not one of "
                                f"{', '.join(codebook.CHANGES)}")
            changes.append((row["item"].strip(), change))
        if problems:
            raise IntakeError(problems)
    return codebook.items_as_of((r["item"] for r in codebook.export_items(seeds)), changes)


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
    texts: list[str] = field(default_factory=list, repr=False)
    first_lines: list[int] = field(default_factory=list, repr=False)
    last_lines: list[int] = field(default_factory=list, repr=False)
    path: Path | None = None
    source: str = ""

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
    landed = LandedFile(name, split.physical_lines, blank_lines=split.blank_lines, log=[note] if note else [],
                        path=path)
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
    if not split.texts and not split.rejected and name in REQUIRED_FILES:
        landed.problems.append(f"{path}: has a header but no rows. Fix: export the {name} rows too (a wave "
                               f"cannot be built without them)")
        return landed, []
    width = len(header)

    def reject(first: int, last: int, rule: str, detail: str, raw: str) -> None:
        rejects.append({"source_file": source, "source_line": first, "source_line_end": last, "rule_name": rule,
                        "detail": detail, "raw_value": raw[:RAW_VALUE_CHARS].replace("\x00", "\\x00")})
        landed.rejected_records += 1
        landed.rejected_lines += last - first + 1

    for bad in split.rejected:
        reject(bad.first_line, bad.last_line, bad.rule, bad.detail, bad.text)
    texts, first_lines, last_lines = split.texts, split.first_lines, split.last_lines
    # which records are not rows: a comma count off the header's (fields counted by the scanner when the
    # record has quotes), a NUL byte, the header again. Checked in bulk; only the few found are looked at.
    widths = list(map(records.field_count, texts))
    first_cell = split.header_text.split(",")[0].strip().strip('"')
    suspect = set() if widths.count(width) == len(widths) else {i for i, w in enumerate(widths) if w != width}
    if "\x00" in text:
        suspect |= {i for i, t in enumerate(texts) if "\x00" in t}
    if split.header_text in text[len(split.header_text):]:
        suspect |= {i for i, t in enumerate(texts) if t.startswith((first_cell, f'"{first_cell}'))}
    bad = set()
    for i in sorted(suspect):
        rec = records.Record(first_lines[i], last_lines[i], texts[i])
        if "\x00" in rec.text:
            reject(rec.first_line, rec.last_line, "nul_byte", "the row holds a NUL byte (0x00), which no "
                   "export writes into a cell: the row is damaged", rec.text)
        elif widths[i] != width:
            reject(rec.first_line, rec.last_line, "malformed_row", f"{widths[i]} fields where the header has "
                   f"{width}", rec.text)
        elif [f.strip() for f in rec.fields] == header:
            reject(rec.first_line, rec.last_line, "repeated_header", "the header line again (files "
                   "concatenated?): not a row", rec.text)
        else:
            continue
        bad.add(i)
    if bad:
        keep = [i for i in range(len(texts)) if i not in bad]
        texts, first_lines, last_lines = ([seq[i] for i in keep] for seq in (texts, first_lines, last_lines))
    landed.texts, landed.first_lines, landed.last_lines = texts, first_lines, last_lines
    landed.landed_records = len(texts)
    landed.landed_lines = sum(last_lines) - sum(first_lines) + len(texts)
    if landed.lines_accounted() != landed.physical_lines:  # the splitter's own law, on the raw bytes
        landed.problems.append(f"{path}: {landed.physical_lines} lines in the file, but {landed.lines_accounted()} "
                               f"accounted for by the intake. This is a defect of the intake: report it with "
                               f"the file")
    landed.source = source
    return landed, ["declared_wave" if c == "wave" else c for c in header]


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def land_records(out: Path, landed: LandedFile, columns: list[str], missing: list[str]) -> list[str]:
    """Write a file's landed records as Parquet: text columns, empty cells null, the lineage columns as
    integers, absent optional columns as nulls. DuckDB parses the records (each prefixed with its line
    span) from a scratch CSV, which is fast at any size; its row count must equal the intake's, else (or
    if DuckDB refuses a record this splitter accepts, e.g. text after a closing quote) the records are
    parsed here and written with pyarrow. Enumerations are normalised (ENUMERATIONS); returns log lines."""
    scratch = out.with_suffix(".records.csv")
    with scratch.open("w", encoding="utf-8", newline="") as f:
        for start in range(0, len(landed.texts), BATCH_ROWS):
            end = start + BATCH_ROWS
            f.write("".join(map("{},{},{}\n".format, landed.first_lines[start:end], landed.last_lines[start:end],
                                landed.texts[start:end])))
    names = ["source_line", "source_line_end"] + columns
    enumerations = {c: sorted(ENUMERATIONS[(landed.name, c)]) for c in columns if (landed.name, c) in ENUMERATIONS}

    def cell(column: str) -> str:
        quoted = '"' + column.replace('"', '""') + '"'
        if column not in enumerations:
            return quoted
        allowed = ", ".join(f"'{v}'" for v in enumerations[column])
        return (f"case when lower(trim({quoted})) in ({allowed}) then lower(trim({quoted})) else {quoted} end "
                f"as {quoted}")

    select = ", ".join([cell(c) for c in columns] + [f"null::varchar as \"{c}\"" for c in missing] +
                       [f"{sql_text(landed.source)} as source_file", "source_line::bigint as source_line",
                        "source_line_end::bigint as source_line_end"])
    columns_sql = ", ".join(f"{sql_text(n)}: 'VARCHAR'" for n in names)
    reader = (f"read_csv({sql_text(str(scratch))}, header = false, columns = {{{columns_sql}}}, delim = ',', "
              f"quote = '\"', escape = '\"', new_line = '\\n', strict_mode = true, null_padding = false, "
              f"auto_detect = false)")
    log = []
    con = duckdb.connect()
    # rows carry their line numbers: their order in the file need not be kept, and DuckDB writes faster
    con.execute("set preserve_insertion_order = false")
    try:
        con.execute(f"copy (select {select} from {reader}) to {sql_text(str(out))} (format parquet)")
        (count,) = con.execute(f"select count(*) from read_parquet({sql_text(str(out))})").fetchone()
        ok = count == len(landed.texts)
        for column, allowed in enumerations.items():
            quoted = '"' + column.replace('"', '""') + '"'
            n, example = con.execute(
                f"select count(*), min({quoted}) from {reader} where {quoted} not in "
                f"({', '.join(repr(v) for v in allowed)}) and lower(trim({quoted})) in "
                f"({', '.join(repr(v) for v in allowed)})").fetchone()
            if n:
                log.append(normalised_note(landed.path, column, n, example))
    except duckdb.Error:
        ok = False
    finally:
        con.close()
    if not ok:
        log = land_records_in_python(out, landed, columns, missing, enumerations)
    scratch.unlink()
    return log


def land_records_in_python(out: Path, landed: LandedFile, columns: list[str], missing: list[str],
                           enumerations: dict[str, list[str]]) -> list[str]:
    """The slow, exact way: fields read by this intake's own scanner, written with pyarrow."""
    positions = {columns.index(c): set(v) for c, v in enumerations.items()}
    normalised: dict[str, list[str]] = {}
    rows = []
    for text, first_line, last_line in zip(landed.texts, landed.first_lines, landed.last_lines):
        row: list = [f if f != "" else None for f in records.fields_of(text)]
        for i, allowed in positions.items():
            value = row[i]
            if value is not None and value not in allowed and value.strip().lower() in allowed:
                normalised.setdefault(columns[i], []).append(value)
                row[i] = value.strip().lower()
        rows.append(row + [None] * len(missing) + [landed.source, first_line, last_line])
    write_parquet(out, columns + missing + list(LINEAGE_COLUMNS), rows, LINEAGE_COLUMNS[1:])
    return [normalised_note(landed.path, c, len(v), v[0]) for c, v in normalised.items()]


def normalised_note(path: Path | None, column: str, count: int, example: str) -> str:
    return (f"{path}: {count} value(s) of {column} normalised to lower case without surrounding spaces "
            f"(e.g. {example!r} -> {example.strip().lower()!r})")


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


def frame_problems(folder: Path, building: Path, rejects: list[dict], seeds: Path = SEEDS) -> list[str]:
    """Frame integrity before weighting: every frame row a known stratum with a whole population, no
    stratum twice, no damaged row; every stratum the sample draws from has a frame row with
    0 < sampled <= population. Read from the landed files with DuckDB (a sample has millions of rows at
    scale). Strata that responses report are checked in dbt, where the answers are classified
    (assert_usable_strata_have_a_frame_row)."""
    path = folder / "frame.csv"
    groups, sizes = seed_codes(seeds, "nace_groups", "nace_group"), seed_codes(seeds, "size_classes", "size_class")
    problems = [f"{path}: line {r['source_line']}: {r['detail']}; the frame cannot lose a row (every stratum's "
                f"weight depends on it). Fix the line" for r in rejects if r["source_file"].endswith("/frame.csv")]
    con = duckdb.connect()
    frame = con.execute("select source_line, coalesce(trim(nace_group), ''), coalesce(trim(size_class), ''), "
                        "population_firms from read_parquet(?) order by source_line",
                        [str(building / "frame.parquet")]).fetchall()
    sampled = con.execute("select coalesce(trim(nace_group), ''), coalesce(trim(size_class), ''), "
                          "count(distinct invitation_id), min(source_line) from read_parquet(?) group by all "
                          "order by all", [str(building / "sample.parquet")]).fetchall()
    con.close()
    population: dict[tuple[str, str], int | None] = {}
    for line, group, size, raw_population in frame:
        where = f"{path}: line {line}, stratum {group} x {size}"
        if group not in groups or size not in sizes:
            problems.append(f"{where}: not a stratum of the survey (NACE groups {', '.join(sorted(groups))}; size "
                            f"classes {', '.join(sorted(sizes))}). Fix: correct the codes")
        text = (raw_population or "").strip()
        if not text.isdigit():
            problems.append(f"{where}: population_firms '{raw_population or ''}' is not a whole number. "
                            f"Fix: write the stratum's number of firms in digits, without separators")
        if (group, size) in population:
            problems.append(f"{where}: the stratum has a row already. Fix: keep one row per stratum")
        population[(group, size)] = int(text) if text.isdigit() else None
    for group, size, invited, first_line in sampled:
        name = f"{group} x {size}"
        if (group, size) not in population:
            problems.append(f"{path}: no row for stratum {name}, which sample.csv samples {invited} firm(s) "
                            f"from (first on line {first_line}). Fix: add the stratum's population to "
                            f"frame.csv, or correct the stratum in sample.csv")
        elif population[(group, size)] is not None and not 0 < invited <= population[(group, size)]:
            problems.append(f"{path}: stratum {name} has population_firms {population[(group, size)]} but "
                            f"sample.csv samples {invited} firm(s) from it; a stratum needs 0 < sampled <= "
                            f"population. Fix: correct the population or the sample")
    return problems


def wave_info_problems(folder: Path, building: Path) -> list[str]:
    """The fieldwork window, when declared, is two dates (YYYY-MM-DD), the first not after the last:
    submission dates are checked against it, so a window that does not parse would check nothing."""
    con = duckdb.connect()
    rows = con.execute("select source_line, fieldwork_start, fieldwork_end from read_parquet(?)",
                       [str(building / "wave_info.parquet")]).fetchall()
    con.close()
    problems = []
    for line, *window in rows:
        where = f"{folder / 'wave_info.csv'}: line {line}"
        days = {}
        for column, raw in zip(("fieldwork_start", "fieldwork_end"), window):
            text = (raw or "").strip()
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


def codebook_hash(raw_root: Path, wave: int, waves: list[int], seeds: Path) -> str:
    """A hash of what defines the codebook as of wave (wave_items): the baseline codebook seed and the
    codebook changes of this wave and every earlier one. Part of a wave's signature, so that inserting or
    editing an earlier wave's changes lands and checks this wave again, as a build from scratch would."""
    digest = hashlib.sha256((seeds / "questionnaire" / "codebook_items.csv").read_bytes())
    for earlier, path in codebook.change_files(raw_root, wave, waves):
        digest.update(f"{earlier}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def wave_signature(raw_root: Path, wave: int, waves: list[int], seeds: Path = SEEDS) -> dict[str, str]:
    """What a wave was landed from: the intake's version, a hash per raw file and of the codebook as of the
    wave. A wave whose signature matches the landed one is not landed again (nor rebuilt)."""
    return {"intake_version": INTAKE_VERSION, **content_hash(raw_root / f"wave={wave}"),
            "codebook_as_of_wave": codebook_hash(raw_root, wave, waves, seeds)}


def land(raw_root: Path = RAW_ROOT, landing: Path | None = None, full_refresh: bool = False,
         seeds: Path = SEEDS, say=None) -> IntakeReport:
    """Check and land every wave under raw_root. Raises IntakeError on a structural problem. say, when
    given, hears a line per file as it is landed (the command line's progress on a terminal)."""
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
        sig = wave_signature(raw_root, wave, waves, seeds)
        target = landing / f"wave={wave}"
        if manifest.get(str(wave), {}).get("signature") == sig and target.is_dir():
            continue
        items = wave_items(raw_root, wave, waves, seeds)
        building = landing / f".wave={wave}.partial"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        # each file is read, checked and landed in turn (so that only one file is in memory at a time);
        # the partial folder replaces the wave's landing only when every file passed
        rejects: list[dict] = []
        accounting: list[dict[str, object]] = []
        wave_problems: list[str] = []
        wave_log: list[str] = []
        for name in REQUIRED_FILES + OPTIONAL_FILES:
            path = folder / f"{name}.csv"
            header: list[str] = []
            landed = None
            file_started = time.perf_counter()
            if path.exists():  # an absent optional file (required ones were checked above) lands empty
                try:
                    landed, header = read_file(path, name, items, rejects)
                except OSError as exc:  # unreadable (permissions, a folder named like the file, a disk error)
                    wave_problems.append(f"{path}: cannot be read ({exc.strerror or exc}). Fix: make it a "
                                         f"readable file")
                    continue
                if landed.problems:
                    wave_problems += landed.problems
                    continue
                accounting.append(landed.accounting_row(wave))
            # every optional column is landed, empty where the file lacks it (or the file is absent), so
            # that staging can name it whatever a wave's export holds
            missing = [c for c in (("declared_wave" if c == "wave" else c) for c in
                                   REQUIRED_COLUMNS[name] + OPTIONAL_COLUMNS.get(name, ())) if c not in header]
            if landed is None:
                write_parquet(building / f"{name}.parquet", missing + list(LINEAGE_COLUMNS), [], LINEAGE_COLUMNS[1:])
            elif not wave_problems:
                wave_log += landed.log + land_records(building / f"{name}.parquet", landed, header, missing)
                if say:
                    say(f"intake: wave={wave}/{name}.csv checked and landed ({time.perf_counter() - file_started:.1f} s)")
        if not wave_problems:
            wave_problems = frame_problems(folder, building, rejects, seeds) + wave_info_problems(folder, building)
        if wave_problems:
            shutil.rmtree(building)
            problems += wave_problems
            continue
        write_parquet(building / "rejects.parquet", list(REJECT_COLUMNS), [list(r.values()) for r in rejects],
                      LINEAGE_COLUMNS[1:])
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
