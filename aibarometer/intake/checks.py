"""The intake's checks: what stops a wave before anything of it is landed, each problem naming the file, the
column or line, and the fix. A file's encoding (sniff_encoding) and header (check_header) are checked as
it is read (aibarometer.intake.splitting); the codebook changes (wave_items) before a wave's files are read;
the frame and the fieldwork window (frame_problems, wave_info_problems) once every file of the wave is
landed in its partial folder, from the Parquet there."""

from __future__ import annotations

import csv
import difflib
import re
from datetime import date
from pathlib import Path

import duckdb

from aibarometer import codebook, records
from aibarometer.layout import CODEBOOK_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, REQUIRED_FILES, file_names
from aibarometer.paths import SEEDS

WAVE_FOLDER = re.compile(r"^wave=(\d{4})$")


class IntakeError(Exception):
    """Structural problems: the run stops before dbt, with every problem and its fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The raw files cannot be read as they are:\n" + "\n".join(f"  - {p}" for p in problems))


def partition_waves(raw_root: Path) -> list[int]:
    """The waves under raw_root, one wave=<wave>/ folder each, every one with its required files; raises
    IntakeError with every folder that is misnamed or lacks a file."""
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
        folder = raw_root / f"wave={wave}"
        for name in REQUIRED_FILES:
            present = [n for n in file_names(name) if (folder / n).is_file()]
            if not present:
                problems.append(f"{folder}: file {name}.csv is missing (or not a file); every wave needs "
                                f"{', '.join(n + '.csv' for n in REQUIRED_FILES)}" +
                                (" (the responses may also be an SPSS .sav / .zsav or Stata .dta file)"
                                 if name == "responses" else ""))
            elif len(present) > 1:
                problems.append(f"{folder}: holds {' and '.join(present)}: one file of {name} a wave. Fix: keep "
                                f"the one to land, move the other out of the folder")
    if problems:
        raise IntakeError(problems)
    return waves


def wave_items(raw_root: Path, wave: int, waves: list[int], seeds: Path = SEEDS) -> set[str]:
    """The items wave asks (aibarometer.codebook: the baseline with the changes of every wave up to this
    one)."""
    return set(wave_option_sets(raw_root, wave, waves, seeds))


def option_codes(option_sets: dict[str, str], seeds: Path = SEEDS) -> dict[str, set[str]]:
    """The codes of each coded item (seed codebook_options), by item; items without an option set are left
    out."""
    codes: dict[str, set[str]] = {}
    with (seeds / "questionnaire" / "codebook_options.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.setdefault(row["option_set"], set()).add(row["code"])
    return {item: codes.get(option_set, set()) for item, option_set in option_sets.items() if option_set}


def wave_option_sets(raw_root: Path, wave: int, waves: list[int], seeds: Path = SEEDS) -> dict[str, str]:
    """The option set of each item wave asks ('' for an item without one): the baseline's, as the changes
    of every wave up to this one add, drop or reword items (each changes file read by small_table)."""
    option_sets = {r["item"]: r["option_set"] for r in codebook.export_items(seeds)}
    changes: list[tuple[str, str]] = []
    for _, path in codebook.change_files(raw_root, wave, waves):
        header, rows, problems = small_table(path)
        if "item" not in header or "change" not in header:
            raise IntakeError([f"{path}: needs the columns item and change (and, for an added or reworded "
                               f"item, its codebook entry: {', '.join(CODEBOOK_COLUMNS)})"])
        for line, cells in rows:
            row = dict(zip(header, cells, strict=True))
            change = row["change"].strip().lower()
            if change not in codebook.CHANGES:
                problems.append(f"{path}: line {line}: change '{row['change']}' is not one of "
                                f"{', '.join(codebook.CHANGES)}")
            changes.append((row["item"].strip(), change))
            if change in ("added", "reworded") and "option_set" in row:
                option_sets[row["item"].strip()] = row["option_set"].strip()
        if problems:
            raise IntakeError(problems)
    asked = codebook.items_as_of(option_sets, changes)
    return {item: option_sets.get(item, "") for item in sorted(asked)}


def small_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[str]]:
    """A small declaration file of a wave (codebook_changes.csv, column_map.csv) read with the intake's own
    splitter, so that a damaged one stops with its line, never with a parser's traceback: its header, its
    rows of the header's width with their line, and a problem per line that is not such a row."""
    data = path.read_bytes()
    encoding, _ = sniff_encoding(path, data)
    split = records.split(data.decode(encoding).lstrip("\ufeff"), data)
    header = [c.strip() for c in split.header or []]
    problems = [f"{path}: line {bad.first_line}: {bad.detail}" for bad in split.rejected]
    rows = []
    for rec in split.records:
        if len(rec.fields) == len(header):
            rows.append((rec.first_line, rec.fields))
        else:
            problems.append(f"{path}: line {rec.first_line}: {len(rec.fields)} fields where the header has "
                            f"{len(header)}")
    return header, rows, problems


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


def seed_codes(seeds: Path, name: str, column: str) -> set[str]:
    with (seeds / "dimensions" / f"{name}.csv").open(encoding="utf-8") as f:
        return {r[column] for r in csv.DictReader(f)}


def raw_file_codes(seeds: Path = SEEDS) -> dict[tuple[str, str], set[str]]:
    """The codes of the raw files' coded columns, per (file, column): seed raw_file_codes, which staging and
    the fieldwork rules read too."""
    codes: dict[tuple[str, str], set[str]] = {}
    with (seeds / "dimensions" / "raw_file_codes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.setdefault((row["raw_file"], row["column_name"]), set()).add(row["code"])
    return codes


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
        for column, raw in zip(("fieldwork_start", "fieldwork_end"), window, strict=True):
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
