"""Reading a raw file into records and rejects: the file split by the intake's own splitter
(aibarometer.records), its header checked, and every record that cannot be a row set aside with its rule,
line span and raw text, so that every physical line is accounted for (LandedFile)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from aibarometer import records
from aibarometer.intake.checks import check_header, sniff_encoding
from aibarometer.intake.column_map import ColumnMap
from aibarometer.layout import REQUIRED_COLUMNS, REQUIRED_FILES
from aibarometer.paths import project_var

REJECT_COLUMNS = ("source_file", "source_line", "source_line_end", "rule_name", "detail", "raw_value")
ACCOUNTING_INTEGERS = ("physical_lines", "header_lines", "blank_lines", "landed_records", "landed_lines",
                       "rejected_records", "rejected_lines")
RAW_VALUE_CHARS = project_var("raw_value_chars")  # of a set-aside row's text kept (dbt_project.yml)
# UTF-8's byte-order mark: dropped at the start of a file; where files were concatenated, the second one's
# header line starts with it
BOM = "\ufeff"


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
        return {"source_file": self.source or f"wave={wave}/{self.name}.csv", "file_name": self.name,
                "physical_lines": self.physical_lines, "header_lines": self.header_lines,
                "blank_lines": self.blank_lines, "landed_records": self.landed_records,
                "landed_lines": self.landed_lines, "rejected_records": self.rejected_records,
                "rejected_lines": self.rejected_lines}


def read_file(path: Path, name: str, items: set[str] | None, rejects: list[dict], mapping: ColumnMap | None = None,
              counts: dict | None = None) -> tuple[LandedFile, list[str]]:
    """Split path into records (aibarometer.records), check its header, set aside what cannot be a row.
    Returns the file's accounting with its rows (text, empty cells as null) and the landed header. mapping:
    the wave's column_map.csv, for a survey tool's export of responses (its header rows skipped, columns
    and codes mapped as declared, each recode counted in counts)."""
    data = path.read_bytes()
    source = f"{path.parent.name}/{path.name}"
    encoding, note = sniff_encoding(path, data)
    text = data.decode(encoding)
    if text.startswith(BOM):
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
    texts, first_lines, last_lines = split.texts, split.first_lines, split.last_lines
    declared = mapping is not None and mapping.path is not None
    if declared:
        skip = min(mapping.skip_rows, len(texts))
        landed.header_lines += sum(last_lines[:skip]) - sum(first_lines[:skip]) + skip
        positions, targets = map_header(landed, mapping, header, texts[:skip], items)
        texts, first_lines, last_lines = texts[skip:], first_lines[skip:], last_lines[skip:]
    else:
        landed.problems += check_header(path, name, header, items)
    if landed.problems:
        return landed, []
    if not texts and not split.rejected and name in REQUIRED_FILES:
        landed.problems.append(f"{path}: has a header but no rows. Fix: export the {name} rows too (a wave "
                               f"cannot be built without them)")
        return landed, []

    def reject(first: int, last: int, rule: str, detail: str, raw: str) -> None:
        rejects.append({"source_file": source, "source_line": first, "source_line_end": last, "rule_name": rule,
                        "detail": detail, "raw_value": raw[:RAW_VALUE_CHARS].replace("\x00", "\\x00")})
        landed.rejected_records += 1
        landed.rejected_lines += last - first + 1

    for span in split.rejected:
        reject(span.first_line, span.last_line, span.rule, span.detail, span.text)
    bad = non_rows(texts, first_lines, last_lines, header, split.header_text, text, reject)
    if bad:
        keep = [i for i in range(len(texts)) if i not in bad]
        texts, first_lines, last_lines = ([seq[i] for i in keep] for seq in (texts, first_lines, last_lines))
    if declared:
        cells = mapping.apply(map(records.fields_of, texts), header, positions, targets, counts)
        texts, header = [csv_record(row) for row in cells], targets
    landed.texts, landed.first_lines, landed.last_lines = texts, first_lines, last_lines
    landed.landed_records = len(texts)
    landed.landed_lines = sum(last_lines) - sum(first_lines) + len(texts)
    if landed.lines_accounted() != landed.physical_lines:  # the splitter's own law, on the raw bytes
        landed.problems.append(f"{path}: {landed.physical_lines} lines in the file, but {landed.lines_accounted()} "
                               f"accounted for by the intake. This is a defect of the intake: report it with "
                               f"the file")
    landed.source = source
    return landed, [landed_column(c) for c in header]


def non_rows(texts: list[str], first_lines: list[int], last_lines: list[int], header: list[str], header_text: str,
             text: str, reject) -> set[int]:
    """The records that are not rows, each passed to reject with its rule: a comma count off the header's
    (fields counted by the scanner when the record has quotes), a NUL byte, the header again (with or
    without a byte-order mark). Checked in bulk; only the few found are looked at."""
    width = len(header)
    widths = list(map(records.field_count, texts))
    first_cell = header_text.split(",")[0].strip().strip('"')
    suspect = set() if widths.count(width) == len(widths) else {i for i, w in enumerate(widths) if w != width}
    if "\x00" in text:
        suspect |= {i for i, t in enumerate(texts) if "\x00" in t}
    if header_text in text[len(header_text):]:
        suspect |= {i for i, t in enumerate(texts) if t.lstrip(BOM).startswith((first_cell, f'"{first_cell}'))}
    bad = set()
    for i in sorted(suspect):
        rec = records.Record(first_lines[i], last_lines[i], texts[i])
        if "\x00" in rec.text:
            reject(rec.first_line, rec.last_line, "nul_byte", "the row holds a NUL byte (0x00), which no "
                   "export writes into a cell: the row is damaged", rec.text)
        elif widths[i] != width:
            reject(rec.first_line, rec.last_line, "malformed_row", f"{widths[i]} fields where the header has "
                   f"{width}", rec.text)
        elif [f.strip() for f in records.fields_of(rec.text.lstrip(BOM))] == header:
            reject(rec.first_line, rec.last_line, "repeated_header", "the header line again (files "
                   "concatenated?): not a row", rec.text)
        else:
            continue
        bad.add(i)
    return bad


def map_header(landed: LandedFile, mapping: ColumnMap, header: list[str], skipped: list[str],
               items: set[str] | None) -> tuple[list[int], list[str]]:
    """The positions of an export's columns to land and their targets under the mapping (header rows
    skipped: a Qualtrics export's ImportIds in them may name columns too); the export's and the mapped
    header's problems go to landed.problems."""
    positions, targets, landed.problems = mapping.resolve(header, import_ids(header, skipped))
    landed.problems += mapping.unmapped(header, set(REQUIRED_COLUMNS[landed.name]) | (items or set()))
    if not landed.problems:
        landed.problems = check_header(landed.path, landed.name, targets, items)
    return positions, targets


def import_ids(header: list[str], skipped: list[str]) -> dict[str, str]:
    """A Qualtrics export's ImportIds, per column: its third header row holds {"ImportId":"QID5_1"} in each
    cell, and column rules may name a column by either."""
    aliases = {}
    for text in skipped:
        for column, cell in zip(header, records.fields_of(text), strict=False):
            try:
                value = json.loads(cell)
            except ValueError:
                continue
            if isinstance(value, dict) and isinstance(value.get("ImportId"), str):
                aliases[column] = value["ImportId"]
    return aliases


def csv_record(cells: list[str]) -> str:
    """One record's text as RFC 4180 writes it: a cell with a comma, quote or line break quoted."""
    return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n\r') else c for c in cells)


def landed_column(column: str) -> str:
    """The name a raw column is landed under: the file's own wave column as declared_wave (the wave is the
    partition's; dbt quarantines rows that declare another one)."""
    return "declared_wave" if column == "wave" else column
