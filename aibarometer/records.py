"""Raw records of a CSV export, counted and split by the intake itself, not by a CSV library.

The accounting of a wave starts here: every physical line of a raw file ends up in exactly one of
the header, a blank line, a record that is landed, or a span that is set aside with a rule. Counting
lines is done on the bytes (`physical_lines`), independently of the splitting, so the conservation
law `physical lines = header + blank + landed spans + rejected spans` checks the splitter too.

Splitting follows RFC 4180 as survey tools write it (comma, double quote, "" inside quotes, any of
CRLF / LF / CR ending a line, mixed). A quoted field may run over several lines (an open answer with
line breaks). What a parser must not do is let one unbalanced quote swallow the rest of the file, so:
while a record is open at the end of a line, the next line is checked on its own; if it reads as a
complete record of the header's width, it starts a new record (resynchronisation), and the open span
before it is set aside line by line as `unbalanced_quote`. A span still open at the end of the file is
set aside the same way. Nothing here limits a field's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator

LINE_END = re.compile(r"\r\n|\r|\n")

# quote states of the field scanner
_START, _UNQUOTED, _QUOTED, _QUOTE_IN_QUOTED = range(4)


@dataclass(frozen=True, slots=True)
class Record:
    """A complete record: its first and last physical line (1-based) and its raw text (line breaks
    inside quoted cells kept). Fields are read from the text only when asked (fields_of, field_count):
    most records of a large file need no more than a comma count."""

    first_line: int
    last_line: int
    text: str

    @property
    def fields(self) -> list[str]:
        return fields_of(self.text)


def fields_of(text: str) -> list[str]:
    """The cells of a record's text (RFC 4180: quotes removed, "" read as one quote)."""
    if '"' not in text:
        return text.split(",")
    _, fields, current = scan(text)
    return fields + ["".join(current)]


def field_count(text: str) -> int:
    return text.count(",") + 1 if '"' not in text else len(fields_of(text))


@dataclass(frozen=True)
class Rejected:
    """A line span that cannot be a record: the rule, what is wrong, and its raw text."""

    first_line: int
    last_line: int
    rule: str
    detail: str
    text: str


@dataclass
class Split:
    """A file split: the header, and its records as three parallel lists (text, first line, last line),
    so that a file of millions of lines costs no object per record."""

    header: list[str] | None
    header_text: str
    physical_lines: int
    blank_lines: int
    texts: list[str]
    first_lines: list[int]
    last_lines: list[int]
    rejected: list[Rejected]

    @property
    def records(self) -> list[Record]:
        return [Record(a, b, t) for a, b, t in zip(self.first_lines, self.last_lines, self.texts, strict=True)]

    @property
    def lines_accounted(self) -> int:
        spans = sum(self.last_lines) - sum(self.first_lines) + len(self.texts)
        spans += sum(r.last_line - r.first_line + 1 for r in self.rejected)
        return (1 if self.header is not None else 0) + self.blank_lines + spans


def physical_lines(data: bytes) -> int:
    """Lines of a raw file, counted on its bytes: line ends (CRLF, LF or CR), plus a last line without one."""
    ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return ends + (1 if data and not data.endswith((b"\n", b"\r")) else 0)


def lines_of(text: str) -> list[str]:
    """The physical lines of text, line ends kept (so a record spanning lines is rebuilt verbatim)."""
    out, start = [], 0
    for m in LINE_END.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def scan(text: str, state: int = _START, fields: list[str] | None = None,
         current: list[str] | None = None) -> tuple[int, list[str], list[str]]:
    """Scan text from a quote state: (state at the end, finished fields, the field being read)."""
    fields = [] if fields is None else fields
    current = [] if current is None else current
    if state == _START and '"' not in text:  # the common line: no quotes, so split in C
        *done, last = text.split(",")  # at _START no field is half read: current is empty
        fields.extend(done)
        return (_UNQUOTED if last else _START), fields, [last] if last else []
    for ch in text:
        if state == _QUOTED:
            if ch == '"':
                state = _QUOTE_IN_QUOTED
            else:
                current.append(ch)
        elif state == _QUOTE_IN_QUOTED:
            if ch == '"':  # "" inside quotes: one literal quote
                current.append(ch)
                state = _QUOTED
            elif ch == ",":
                fields.append("".join(current))
                current, state = [], _START
            else:  # text after a closing quote is kept, as Python's csv does
                current.append(ch)
                state = _UNQUOTED
        elif ch == ",":
            fields.append("".join(current))
            current, state = [], _START
        elif state == _START and ch == '"':
            state = _QUOTED
        else:
            current.append(ch)
            state = _UNQUOTED
    return state, fields, current


def strip_line_end(line: str) -> str:
    return line.rstrip("\r\n") if line.endswith(("\n", "\r")) else line


def parse_alone(line: str) -> list[str] | None:
    """The fields of one line read on its own, or None when a quote is left open at its end."""
    state, fields, current = scan(strip_line_end(line))
    if state == _QUOTED:
        return None
    return fields + ["".join(current)]


def is_blank(line: str) -> bool:
    """An empty line (nothing before its line end). A line of spaces is not blank: it is a malformed row."""
    return strip_line_end(line) == ""


def split(text: str, data: bytes | None = None) -> Split:
    """Split a decoded file into header, records and rejected spans; data (the raw bytes) gives the
    physical line count, so that the count does not come from this splitter. A file without quotes or
    carriage returns (what survey tools export) takes a fast path: every line is a record or blank."""
    counted = physical_lines(data) if data is not None else len(lines_of(text))
    if not text:
        return Split(None, "", counted, 0, [], [], [], [])
    if '"' not in text and "\r" not in text:
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()  # the last line's end, not a line
        header_text = lines[0]
        del lines[0]
        numbers = list(range(2, len(lines) + 2))
        blank = lines.count("")
        if blank:
            kept = [i for i, line in enumerate(lines) if line]
            lines, numbers = [lines[i] for i in kept], [numbers[i] for i in kept]
        return Split(header_text.split(","), header_text, counted, blank, lines, numbers, numbers, [])
    lines = lines_of(text)
    header_text = strip_line_end(lines[0])
    header = parse_alone(lines[0])
    out = Split(header, header_text, counted, 0, [], [], [], [])
    if header is None:
        return out  # a header with an open quote: the intake stops on it
    width = len(header)
    for item in _records(lines, width):
        if isinstance(item, Record):
            out.texts.append(item.text)
            out.first_lines.append(item.first_line)
            out.last_lines.append(item.last_line)
        elif item is None:
            out.blank_lines += 1
        else:
            out.rejected.append(item)
    return out


def _records(lines: list[str], width: int) -> Iterator[Record | Rejected | None]:
    i = 1
    n = len(lines)
    while i < n:
        line = lines[i]
        if is_blank(line):
            yield None
            i += 1
            continue
        state, fields, current = scan(strip_line_end(line))
        j = i
        # a quote open at the line end: the record goes on (the line break is part of the quoted value),
        # unless the next line reads as a record by itself
        while state == _QUOTED and j + 1 < n and not _starts_record(lines[j + 1], width):
            current.append(lines[j][len(strip_line_end(lines[j])):])
            j += 1
            state, fields, current = scan(strip_line_end(lines[j]), state, fields, current)
        last = j
        if state == _QUOTED:
            reason = (f"a quote opened on line {i + 1} is not closed before line {last + 2}, which reads as a "
                      f"record of its own" if last + 1 < n else
                      f"a quote opened on line {i + 1} is never closed before the end of the file")
            for k in range(i, last + 1):
                yield Rejected(k + 1, k + 1, "unbalanced_quote", reason, strip_line_end(lines[k]))
            i = last + 1
            continue
        text = strip_line_end("".join(lines[i:last + 1]))
        yield Record(i + 1, last + 1, text)
        i = last + 1


def _starts_record(line: str, width: int) -> bool:
    """Whether a line reads, on its own, as a well-formed record of the header's width: no quote left open
    and no stray quote in an unquoted cell (a line ending a multi-line quoted cell has one: 'text",next').
    The one thing this cannot tell from a record is an inner line of a multi-line cell holding exactly
    width - 1 commas and no quote; with the responses file's 60-odd columns that does not occur in text."""
    body = strip_line_end(line)
    if body == "" or not _is_strict(body):
        return False
    fields = parse_alone(line)
    return fields is not None and len(fields) == width


def _is_strict(body: str) -> bool:
    """No quote inside an unquoted cell, nothing but a comma after a closing quote (RFC 4180)."""
    for cell in _cells_raw(body):
        if '"' in cell and not (len(cell) >= 2 and cell[0] == '"' and cell[-1] == '"'
                                and '"' not in cell[1:-1].replace('""', "")):
            return False
    return True


def _cells_raw(body: str) -> list[str]:
    """Cells as written (quotes kept), split on commas outside quotes."""
    cells, current, quoted = [], [], False
    for ch in body:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
    cells.append("".join(current))
    return cells
