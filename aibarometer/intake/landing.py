"""Landing: each checked file's records written as Parquet into the wave's partial folder, which replaces
the wave's landing only when every file of the wave passed; land() runs the whole intake."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from aibarometer import records
from aibarometer.intake.checks import (IntakeError, frame_problems, option_codes, partition_waves, raw_file_codes,
                                      wave_info_problems, wave_option_sets)
from aibarometer.intake.column_map import ColumnMap, read_column_map
from aibarometer.intake.exports import EXPORT_CODE_COLUMNS, STAT_READERS, export_code_rows, read_stat_file
from aibarometer.intake.signatures import read_manifest, wave_signature, write_manifest
from aibarometer.intake.splitting import ACCOUNTING_INTEGERS, REJECT_COLUMNS, LandedFile, landed_column, read_file
from aibarometer.layout import OPTIONAL_COLUMNS, OPTIONAL_FILES, REQUIRED_COLUMNS, REQUIRED_FILES, file_names
from aibarometer.paths import RAW_ROOT, SEEDS, WAREHOUSE_DIR

LINEAGE_COLUMNS = ("source_file", "source_line", "source_line_end")
BATCH_ROWS = 100_000


@dataclass
class IntakeReport:
    waves: list[int]
    landed: list[int]  # waves landed anew in this run (new or changed raw files)
    log: list[str] = field(default_factory=list)
    rejected_rows: int = 0


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def land_records(out: Path, landed: LandedFile, columns: list[str], missing: list[str],
                 codes: dict[tuple[str, str], set[str]]) -> list[str]:
    """Write a file's landed records as Parquet: text columns, empty cells null, the lineage columns as
    integers, absent optional columns as nulls. DuckDB parses the records (each prefixed with its line
    span) from a scratch CSV, which is fast at any size; its row count must equal the intake's, else (or
    if DuckDB refuses a record this splitter accepts, e.g. text after a closing quote) the records are
    parsed here and written with pyarrow. The coded columns (codes: seed raw_file_codes) are normalised to
    their codes (lower case, no surrounding spaces: 'Delivered ' -> 'delivered'), each column's count
    logged; anything else is left as written for dbt to quarantine. Returns log lines."""
    scratch = out.with_suffix(".records.csv")
    with scratch.open("w", encoding="utf-8", newline="") as f:
        for start in range(0, len(landed.texts), BATCH_ROWS):
            end = start + BATCH_ROWS
            f.write("".join(map("{},{},{}\n".format, landed.first_lines[start:end], landed.last_lines[start:end],
                                landed.texts[start:end])))
    names = ["source_line", "source_line_end"] + columns
    enumerations = {c: sorted(codes[(landed.name, c)]) for c in columns if (landed.name, c) in codes}

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
    for text, first_line, last_line in zip(landed.texts, landed.first_lines, landed.last_lines, strict=True):
        row: list = [f if f != "" else None for f in records.fields_of(text)]
        for i, allowed in positions.items():
            value = row[i]
            if value is not None and value not in allowed and value.strip().lower() in allowed:
                normalised.setdefault(columns[i], []).append(value)
                row[i] = value.strip().lower()
        rows.append(row + [None] * len(missing) + [landed.source, first_line, last_line])
    write_parquet(out, columns + missing + list(LINEAGE_COLUMNS), rows, LINEAGE_COLUMNS[1:])
    return [normalised_note(landed.path, c, len(v), v[0]) for c, v in normalised.items()]


def recode_notes(path: Path, counts: dict) -> list[str]:
    """A log line per recode the mapping applied (labelled codes landed as they are are lineage only)."""
    return [f"{path}: {n} cell(s) of {column} ({target}) with code {code!r}" + (f" ({label!r})" if label else "")
            + (f" recoded to {landed!r}" if how == "recoded" else " made item non-response (" +
               ("the file declares it missing)" if how == "missing_in_file" else "column_map.csv declares it missing)"))
            for (column, target, code, label, landed, how), n in sorted(counts.items(), key=str) if how != "as_is"]


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


@dataclass
class PartialWave:
    """A wave being landed into its partial folder (building): its files read, checked and written in turn,
    with the rows they set aside (rejects), their accounting, log lines and problems."""

    wave: int
    folder: Path
    building: Path
    rejects: list[dict] = field(default_factory=list)
    accounting: list[dict[str, object]] = field(default_factory=list)
    mapping: ColumnMap = field(default_factory=ColumnMap)  # column_map.csv (empty: none)
    option_codes: dict[str, set[str]] = field(default_factory=dict)  # of the coded items as of the wave
    export_codes: list[list] = field(default_factory=list)  # the lineage of recoded and labelled codes
    log: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def land(raw_root: Path = RAW_ROOT, landing: Path | None = None, full_refresh: bool = False,
         seeds: Path = SEEDS, say=None) -> IntakeReport:
    """Check and land every wave under raw_root. Raises IntakeError on a structural problem. say, when
    given, hears a line per file as it is landed (the command line's progress on a terminal)."""
    landing = landing if landing is not None else WAREHOUSE_DIR / "landing"
    waves = partition_waves(raw_root)
    manifest = read_manifest(landing, full_refresh)
    if full_refresh and landing.exists():
        shutil.rmtree(landing)
    report = IntakeReport(waves=waves, landed=[])
    forget_removed_waves(landing, manifest, waves)
    problems: list[str] = []
    for wave in waves:
        sig = wave_signature(raw_root, wave, waves, seeds)
        target = landing / f"wave={wave}"
        if manifest.get(str(wave), {}).get("signature") == sig and target.is_dir():
            continue
        partial = land_wave(raw_root, wave, waves, landing, seeds, say)
        if partial.problems:
            problems += partial.problems
            continue
        shutil.rmtree(target, ignore_errors=True)
        os.replace(partial.building, target)
        manifest[str(wave)] = {"signature": sig, "rejected_rows": len(partial.rejects), "log": partial.log,
                               "accounting": partial.accounting}
        report.landed.append(wave)
        report.log += partial.log
        report.rejected_rows += len(partial.rejects)
    if problems:
        raise IntakeError(problems)
    write_manifest(landing, manifest)
    return report


def forget_removed_waves(landing: Path, manifest: dict, waves: list[int]) -> None:
    """Drop the landing and the manifest entry of every wave whose raw folder was removed."""
    for stale in set(manifest) - {str(w) for w in waves}:
        shutil.rmtree(landing / f"wave={stale}", ignore_errors=True)  # a wave folder was removed
        manifest.pop(stale)


def land_wave(raw_root: Path, wave: int, waves: list[int], landing: Path, seeds: Path, say) -> PartialWave:
    """Check and land one wave's files into its partial folder, landing/.wave=<wave>.partial, with the
    wave's rejects and file accounting; on any problem the partial folder is removed again."""
    option_sets = wave_option_sets(raw_root, wave, waves, seeds)
    items = set(option_sets)
    codes = raw_file_codes(seeds)
    building = landing / f".wave={wave}.partial"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    # each file is read, checked and landed in turn (so that only one file is in memory at a time);
    # the partial folder replaces the wave's landing only when every file passed
    partial = PartialWave(wave, raw_root / f"wave={wave}", building)
    coded = option_codes(option_sets, seeds)
    try:  # the mapping of a survey tool's export, checked against the codebook as of the wave
        partial.mapping = read_column_map(partial.folder, set(REQUIRED_COLUMNS["responses"]) | items, coded)
    except IntakeError as exc:
        partial.problems += exc.problems
    partial.option_codes = coded
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        land_file(partial, name, items, codes, say)
    if not partial.problems:
        partial.problems = (frame_problems(partial.folder, building, partial.rejects, seeds)
                            + wave_info_problems(partial.folder, building))
    if partial.problems:
        shutil.rmtree(building)
        return partial
    write_parquet(building / "rejects.parquet", list(REJECT_COLUMNS), [list(r.values()) for r in partial.rejects],
                  LINEAGE_COLUMNS[1:])
    write_parquet(building / "export_codes.parquet", list(EXPORT_CODE_COLUMNS), partial.export_codes, ("cells",))
    write_parquet(building / "file_accounting.parquet", list(partial.accounting[0]),
                  [list(a.values()) for a in partial.accounting], ACCOUNTING_INTEGERS)
    return partial


def land_file(partial: PartialWave, name: str, items: set[str], codes: dict[tuple[str, str], set[str]],
              say) -> None:
    """Read, check and land one raw file of the wave; an absent optional file lands empty. Once the wave has
    a problem, its later files are still read and checked (so that every problem is listed), not written."""
    path = next((partial.folder / n for n in file_names(name) if (partial.folder / n).exists()),
                partial.folder / f"{name}.csv")
    header: list[str] = []
    landed = None
    file_started = time.perf_counter()
    if path.exists():  # an absent optional file (required ones were checked by partition_waves) lands empty
        counts: dict = {}
        try:
            if path.suffix in STAT_READERS:
                landed, header = read_stat_file(path, items, partial.mapping, partial.option_codes, counts)
            else:
                landed, header = read_file(path, name, items, partial.rejects,
                                           partial.mapping if name == "responses" else None, counts)
        except OSError as exc:  # unreadable (permissions, a folder named like the file, a disk error)
            partial.problems.append(f"{path}: cannot be read ({exc.strerror or exc}). Fix: make it a readable file")
            return
        if landed.problems:
            partial.problems += landed.problems
            return
        partial.accounting.append(landed.accounting_row(partial.wave))
        partial.export_codes += export_code_rows(landed.source, counts)
        partial.log += recode_notes(path, counts)
    # every optional column is landed, empty where the file lacks it (or the file is absent), so
    # that staging can name it whatever a wave's export holds
    expected = map(landed_column, REQUIRED_COLUMNS[name] + OPTIONAL_COLUMNS.get(name, ()))
    missing = [c for c in expected if c not in header]
    out = partial.building / f"{name}.parquet"
    if landed is None:
        write_parquet(out, missing + list(LINEAGE_COLUMNS), [], LINEAGE_COLUMNS[1:])
    elif not partial.problems:
        partial.log += landed.log + land_records(out, landed, header, missing, codes)
        if say:
            say(f"intake: wave={partial.wave}/{path.name} checked and landed "
                f"({time.perf_counter() - file_started:.1f} s)")
