"""The mapping of a survey tool's export to the codebook, declared as data: column_map.csv in the wave folder
(docs/intake-formats.md). One rule a row, columns rule, export_column, export_code, target:

- column     export_column (its name in the export's header, or a Qualtrics ImportId) lands as target (a
             profile column or an item of the wave's codebook);
- drop       export_column is not landed (a tool's metadata: IP address, duration, ...);
- code       export_code in export_column (or `*`: every column landed as a coded item) lands as target, a
             code of the item's option set;
- missing    export_code in export_column (or `*`, coded items only) is item non-response (an empty cell);
- skip_rows  target rows after the header row are header too (Qualtrics' question texts and ImportIds: 2).

An export column whose name is already a target needs no rule. The mapping is checked against the codebook
as of the wave before a row is read, and against the export's header once it is read: every problem stops
the wave naming the file, its line and the fix. Each recode is counted (ColumnMap.apply) for the landing's
lineage (export_codes.parquet) and the log."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from aibarometer.intake.checks import IntakeError, small_table

MAP_FILE = "column_map.csv"
MAP_COLUMNS = ("rule", "export_column", "export_code", "target")
RULES = ("column", "drop", "code", "missing", "skip_rows")
EVERY_COLUMN = "*"
# how a landed cell came from its export code (export_codes.parquet, stg_survey__export_codes)
TREATMENTS = ("as_is", "recoded", "missing_in_map", "missing_in_file")


@dataclass
class ColumnMap:
    """A wave's declared mapping; an empty one (no column_map.csv) lands every column under its own name."""

    path: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)  # export column -> target
    drops: set[str] = field(default_factory=set)
    codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (export column or *, code) -> target
    missing: set[tuple[str, str]] = field(default_factory=set)
    skip_rows: int = 0
    lines: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (rule, column, code) -> line
    coded: set[str] = field(default_factory=set)  # targets with an option set

    def resolve(self, export: list[str], aliases: dict[str, str] | None = None) -> tuple[list[int], list[str],
                                                                                         list[str]]:
        """The export columns to land (their positions) and their targets, with every problem of the
        export's header against the mapping. aliases: another name per export column (a Qualtrics ImportId)
        that column rules may use instead."""
        aliases = aliases or {}
        where = self.path or "the export"
        problems, positions, targets = [], [], []
        by_name = {name: name for name in export} | {alias: name for name, alias in aliases.items()}
        declared = {by_name.get(c, c): t for c, t in self.columns.items()}
        for column in [c for c in self.columns if c not in by_name] + [c for c in self.drops if c not in by_name]:
            rule = "column" if column in self.columns else "drop"
            problems.append(f"{where}: line {self.lines[(rule, column, '')]}: maps column '{column}', which the "
                            f"export does not have. Fix: correct the name or remove the line")
        dropped = {by_name.get(c, c) for c in self.drops}
        # rules may name a column by its alias: from here on every rule names the export's own column
        self.columns = {by_name.get(c, c): t for c, t in self.columns.items()}
        self.drops = {by_name.get(c, c) for c in self.drops}
        self.codes = {(by_name.get(c, c), code): t for (c, code), t in self.codes.items()}
        self.missing = {(by_name.get(c, c), code) for c, code in self.missing}
        for i, name in enumerate(export):
            if name in dropped:
                continue
            positions.append(i)
            targets.append(declared.get(name, name))
        return positions, targets, problems

    def unmapped(self, export: list[str], known: set[str]) -> list[str]:
        """Problems for export columns that are neither mapped, dropped nor already named as a target."""
        if self.path is None:
            return []
        return [f"{self.path}: export column '{name}' is not mapped. Fix: add a line `column,{name},,<item>` (or "
                f"`drop,{name},,` if it is not a questionnaire item)" +
                (f"; did you mean {close[0]}?" if (close := difflib.get_close_matches(name, known, n=1)) else "")
                for name in export if name not in self.columns and name not in self.drops and name not in known]

    def apply(self, rows, export: list[str], positions: list[int], targets: list[str], counts: dict,
              file_missing: dict[str, set[str]] | None = None, labels: dict[str, dict[str, str]] | None = None
              ) -> list[list[str]]:
        """The landed cells of export rows (lists of text, "" empty): the columns at positions, each cell
        recoded; counts[(export column, target, export code, label, landed code, treatment)] counts each cell that
        was recoded, made non-response, or holds a code the export labels. file_missing: the codes the file
        itself declares missing per column (SPSS/Stata user-missing values)."""
        file_missing, labels = file_missing or {}, labels or {}
        plan = [(i, export[i], target, file_missing.get(export[i], set()), labels.get(export[i], {}))
                for i, target in zip(positions, targets, strict=True)]
        out = []
        for row in rows:
            cells = []
            for i, column, target, declared, labelled in plan:
                value = row[i]
                if value == "":
                    cells.append(value)
                    continue
                landed, how = ("", "missing_in_file") if value in declared else self.recode(column, target, value)
                if how != "as_is" or value in labelled:
                    key = (column, target, value, labelled.get(value), landed, how)
                    counts[key] = counts.get(key, 0) + 1
                cells.append(landed)
            out.append(cells)
        return out

    def recode(self, column: str, target: str, value: str) -> tuple[str, str]:
        """The landed value of an export cell and how it came (TREATMENTS); `*` rules apply to coded items."""
        every = target in self.coded
        if (column, value) in self.missing or (every and (EVERY_COLUMN, value) in self.missing):
            return "", "missing_in_map"
        code = self.codes.get((column, value))
        if code is None and every:
            code = self.codes.get((EVERY_COLUMN, value))
        return (code, "recoded") if code is not None else (value, "as_is")


def read_column_map(folder: Path, targets: set[str], option_codes: dict[str, set[str]]) -> ColumnMap:
    """The wave's column_map.csv checked against the codebook as of the wave: targets are the columns a
    responses file lands (profile and items), option_codes the codes of each coded item. Raises IntakeError
    with every problem; no file gives the empty mapping."""
    path = folder / MAP_FILE
    if not path.is_file():
        return ColumnMap(coded=set(option_codes))
    header, rows, problems = small_table(path)
    if header != list(MAP_COLUMNS):
        raise IntakeError([f"{path}: needs the header {','.join(MAP_COLUMNS)} (found {','.join(header) or 'none'})"])
    mapping = ColumnMap(path=path, coded=set(option_codes))
    for line, cells in rows:
        problems += _add_rule(mapping, line, *(c.strip() for c in cells), targets=targets)
    problems += _target_twice(mapping) + check_code_targets(mapping, option_codes)
    if problems:
        raise IntakeError(problems)
    return mapping


def _add_rule(mapping: ColumnMap, line: int, rule: str, column: str, code: str, target: str, *,
              targets: set[str]) -> list[str]:
    """Check one line of the mapping and add it; returns its problems."""
    where = f"{mapping.path}: line {line}"
    if rule not in RULES:
        return [f"{where}: rule '{rule}' is not one of {', '.join(RULES)}"]
    key = (rule, column, code)
    if key in mapping.lines:
        return [f"{where}: repeats line {mapping.lines[key]}. Fix: keep one"]
    mapping.lines[key] = line
    if rule == "skip_rows":
        if not target.isdigit():
            return [f"{where}: skip_rows needs a whole number of rows as target (Qualtrics: 2), not '{target}'"]
        mapping.skip_rows = int(target)
        return []
    if not column:
        return [f"{where}: rule {rule} needs an export_column"]
    if rule in ("column", "drop"):
        return _add_column_rule(mapping, where, rule, column, code, target, targets)
    if not code:
        return [f"{where}: rule {rule} needs an export_code"]
    if rule == "missing":
        if target:
            return [f"{where}: a missing code lands as an empty cell: leave target empty (found '{target}')"]
        mapping.missing.add((column, code))
        return []
    if not target:
        return [f"{where}: export code '{code}' of column '{column}' has no target. Fix: write the codebook code "
                f"it stands for, or declare it item non-response (`missing,{column},{code},`)"]
    mapping.codes[(column, code)] = target
    return []


def _add_column_rule(mapping: ColumnMap, where: str, rule: str, column: str, code: str, target: str,
                     targets: set[str]) -> list[str]:
    if code:
        return [f"{where}: rule {rule} takes no export_code (found '{code}'); recodes are rules of their own"]
    if rule == "drop":
        mapping.drops.add(column)
        return []
    if target not in targets:
        close = difflib.get_close_matches(target, targets, n=1)
        return [f"{where}: target '{target}' is not a column of a responses file as of this wave (the profile and "
                f"the codebook's items). Fix: correct it" + (f" (did you mean {close[0]}?)" if close else "")]
    mapping.columns[column] = target
    return []


def _target_twice(mapping: ColumnMap) -> list[str]:
    """Every target landed from one export column only; code rules only on mapped columns' coded items."""
    problems = []
    seen: dict[str, str] = {}
    for column, target in mapping.columns.items():
        if target in seen:
            problems.append(f"{mapping.path}: target '{target}' is mapped from column '{seen[target]}' (line "
                            f"{mapping.lines[('column', seen[target], '')]}) and from column '{column}' (line "
                            f"{mapping.lines[('column', column, '')]}). Fix: keep one")
        seen[target] = column
    for column, code in mapping.codes:
        item = mapping.columns.get(column, column)
        line = mapping.lines[("code", column, code)]
        if (column, code) in mapping.missing:
            problems.append(f"{mapping.path}: line {line}: code '{code}' of '{column}' is both recoded and declared "
                            f"missing. Fix: keep one")
        elif column != EVERY_COLUMN and item not in mapping.coded:
            problems.append(f"{mapping.path}: line {line}: recodes column '{column}', which does not land as a coded "
                            f"item. Fix: map the column to its item first (`column,{column},,<item>`)")
    return problems


def check_code_targets(mapping: ColumnMap, option_codes: dict[str, set[str]]) -> list[str]:
    """Every code rule's target is a code of its item's option set (of some coded item, for `*`)."""
    problems = []
    every = set().union(*option_codes.values()) if option_codes else set()
    for (column, code), target in mapping.codes.items():
        item = mapping.columns.get(column, column)
        allowed = every if column == EVERY_COLUMN else option_codes.get(item, set())
        if item in mapping.coded | {EVERY_COLUMN} and target not in allowed:
            problems.append(f"{mapping.path}: line {mapping.lines[('code', column, code)]}: target '{target}' is not "
                            f"a code of {item}'s option set ({', '.join(sorted(allowed))}). Fix: correct it")
    return problems
