"""Survey tools' own files of responses, read into the records the intake lands (docs/intake-formats.md).

A wave's responses may arrive as responses.csv (the codebook's layout, or a Qualtrics / LimeSurvey export
with a column_map.csv), responses.sav / responses.zsav (SPSS) or responses.dta (Stata). SPSS and Stata files
are read by pyreadstat (ReadStat, the library R's haven reads them with) with their value labels and
user-defined missing values: a code the file declares missing (an 8 "Refused", an unlabelled 9) is item
non-response, as the file says, not an unknown code. The records are written as the text rows a CSV would
give (numbers without a trailing .0, date-times as YYYY-MM-DD HH:MM:SS), so staging and every rule read
them as they read a CSV's.

The conservation law holds per file: an SPSS or Stata file's records are the case count in its header
(each case one "line": source_line is the case number, 1-based), and a file that yields fewer cases than its
header declares (truncated) stops the wave. Every recode and every labelled code is counted into the
landing's lineage, export_codes.parquet (staging.stg_survey__export_codes): a landed value can be traced to
the export's code and label."""

from __future__ import annotations

import math
from pathlib import Path

from aibarometer.intake.column_map import ColumnMap
from aibarometer.intake.splitting import LandedFile, csv_record, landed_column, map_header

STAT_READERS = {".sav": "read_sav", ".zsav": "read_sav", ".dta": "read_dta"}
EXPORT_CODE_COLUMNS = ("source_file", "export_column", "target", "export_code", "export_label", "landed_code",
                       "treatment", "cells")


def code_text(value) -> str:
    """A cell of an SPSS / Stata file as a CSV holds it: whole numbers without a fraction (1.0 -> '1'),
    other numbers in their shortest form, date-times as YYYY-MM-DD HH:MM:SS, system-missing empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "strftime"):
        return "" if value != value else value.strftime("%Y-%m-%d %H:%M:%S")  # NaT is not equal to itself
    return str(value)


def file_missing_codes(meta) -> dict[str, set]:
    """The user-missing values a file declares, per variable: SPSS's discrete values and ranges (as
    (lo, hi) pairs), Stata's extended missing values (.a-.z, read as the letters)."""
    declared: dict[str, set] = {}
    for column, ranges in (getattr(meta, "missing_ranges", None) or {}).items():
        declared[column] = {(r["lo"], r["hi"]) for r in ranges}
    for column, values in (getattr(meta, "missing_user_values", None) or {}).items():
        declared.setdefault(column, set()).update((v, v) for v in values)
    return declared


def in_declared(value, ranges: set) -> bool:
    for lo, hi in ranges:
        if isinstance(value, str) or isinstance(lo, str):
            if value == lo:
                return True
        elif value is not None and lo <= value <= hi:
            return True
    return False


def read_stat_file(path: Path, items: set[str], mapping: ColumnMap, option_codes: dict[str, set[str]],
                   counts: dict) -> tuple[LandedFile, list[str]]:
    """Read an SPSS or Stata file of responses into a LandedFile (its problems named, nothing raised) and the
    landed header."""
    import pyreadstat  # only waves that deliver such a file pay for the import

    landed = LandedFile("responses", 0, header_lines=0, path=path, source=f"{path.parent.name}/{path.name}")
    reader = getattr(pyreadstat, STAT_READERS[path.suffix])
    kind = "SPSS" if path.suffix != ".dta" else "Stata"
    try:
        _, header_meta = reader(str(path), metadataonly=True)
        frame, meta = reader(str(path), user_missing=True, apply_value_formats=False)
    except Exception as exc:  # pyreadstat raises its own errors and OSError: the message is what helps
        landed.problems.append(f"{path}: cannot be read as a {kind} file ({exc}); it may be truncated or damaged. "
                               f"Fix: export it again from the survey tool")
        return landed, []
    declared_cases = header_meta.number_rows
    if declared_cases is not None and declared_cases >= 0 and declared_cases != len(frame):
        landed.problems.append(f"{path}: its header declares {declared_cases} cases, {len(frame)} could be read "
                               f"(truncated?). Fix: export it again from the survey tool")
        return landed, []
    if declared_cases is None or declared_cases < 0:
        landed.log.append(f"{path}: the file's header gives no case count; {len(frame)} cases read")
    export = list(frame.columns)
    positions, targets = map_header(landed, mapping, export, [], items)  # the variables checked as a header
    declared = file_missing_codes(meta)
    labels = {column: {code_text(code): str(label) for code, label in value_labels.items()}
              for column, value_labels in (meta.variable_value_labels or {}).items()}
    landed.problems += unmapped_labelled_codes(path, mapping, export, positions, targets, labels, declared,
                                               option_codes)
    if landed.problems:
        return landed, []
    # the codes the file declares missing, as the text cells hold them
    missing_text = {column: {code_text(v) for v in values if in_declared(v, declared[column])}
                    for column, values in ((c, set(frame[c].dropna().unique())) for c in declared)}
    rows = [[code_text(v) for v in values] for values in frame.itertuples(index=False, name=None)]
    mapped = mapping.apply(rows, export, positions, targets, counts, missing_text, labels)
    landed.texts = [csv_record(cells) for cells in mapped]
    landed.first_lines = landed.last_lines = list(range(1, len(mapped) + 1))
    landed.physical_lines = landed.landed_records = landed.landed_lines = len(mapped)
    landed.log.append(f"{path}: {kind} file, {len(mapped)} cases, {len(export)} variables "
                      f"({len(export) - len(positions)} dropped by {mapping.path or 'no mapping'})")
    return landed, [landed_column(c) for c in targets]


def unmapped_labelled_codes(path: Path, mapping: ColumnMap, export: list[str], positions: list[int],
                            targets: list[str], labels: dict[str, dict[str, str]], declared: dict[str, set],
                            option_codes: dict[str, set[str]]) -> list[str]:
    """A code the file labels for a column landed as a coded item must land as one of the item's codes, be
    recoded or be declared missing: a label with no target is a mapping left unfinished."""
    problems = []
    for i, target in zip(positions, targets, strict=True):
        column = export[i]
        if target not in option_codes:
            continue
        for code, label in sorted(labels.get(column, {}).items()):
            if in_declared(_number(code), declared.get(column, set())) or in_declared(code, declared.get(column,
                                                                                                        set())):
                continue
            landed, how = mapping.recode(column, target, code)
            if how == "as_is" and landed not in option_codes[target]:
                problems.append(f"{path}: column '{column}' ({target}) labels code {code} ('{label}'), which is no "
                                f"code of {target}'s option set ({', '.join(sorted(option_codes[target]))}). Fix: "
                                f"recode it "
                                f"(`code,{column},{code},<code>` in column_map.csv) or declare it missing "
                                f"(`missing,{column},{code},`)")
    return problems


def _number(code: str):
    try:
        return float(code)
    except ValueError:
        return code


def export_code_rows(source: str, counts: dict) -> list[list]:
    """The lineage rows of one file's recodes and labelled codes (EXPORT_CODE_COLUMNS), for
    export_codes.parquet."""
    return [[source, column, target, code, label, landed or None, how, n]
            for (column, target, code, label, landed, how), n in sorted(counts.items(), key=str)]
