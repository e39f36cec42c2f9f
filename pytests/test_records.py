"""The intake's record splitter (aibarometer/records.py), property-based: it reads what Python's csv module
writes, with any line endings, and on any corruption of the bytes it neither fails nor loses a line:
header + blank + record spans + set-aside spans = the physical lines counted on the bytes."""

from __future__ import annotations

import csv
import io
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aibarometer.records import physical_lines, split

# one-line cells with anything a cell may hold, and multi-line cells (open answers with line breaks)
CELL = st.one_of(st.text(alphabet=st.sampled_from(list('ab1 ,"\x00é;')), max_size=8),
                 st.text(alphabet=st.sampled_from(list('ab1 "\n\r')), max_size=8))
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def written(rows: list[list[str]], ending: str) -> str:
    """As csv writes them. With minimal quoting csv quotes a cell holding a character of the line
    terminator only, so a bare CR in a cell is quoted only when the terminator is CRLF; with LF, quote all."""
    out = io.StringIO()
    csv.writer(out, lineterminator=ending, quoting=csv.QUOTE_MINIMAL if ending == "\r\n" else csv.QUOTE_ALL
               ).writerows(rows)
    return out.getvalue()


def spans(result) -> list[tuple[int, int]]:
    return sorted([(r.first_line, r.last_line) for r in result.records] +
                  [(r.first_line, r.last_line) for r in result.rejected])


@SETTINGS
@given(st.integers(3, 6).flatmap(lambda width: st.lists(st.lists(CELL, min_size=width, max_size=width),
                                                         min_size=1, max_size=12)),
       st.sampled_from(["\n", "\r\n"]))
def test_reads_back_what_a_csv_writer_wrote(rows, ending):
    rows = [[f"h{i}" for i in range(len(rows[0]))]] + rows
    text = written(rows, ending)
    result = split(text, text.encode())
    assert result.lines_accounted == result.physical_lines
    assert [r.fields for r in result.records] == rows[1:]
    assert not result.rejected


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["R1", "x", '"q"', "", "2021"]), min_size=4, max_size=4), min_size=1,
                max_size=10),
       st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=3)), max_size=6),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_no_corruption_loses_a_line_or_raises(rows, edits, ending):
    data = bytearray(written([["a", "b", "c", "d"]] + rows, ending).encode())
    for position, insert in edits:  # replace one byte (or none, at the end) by 0-3 arbitrary bytes
        at = position % (len(data) + 1)
        data[at:at + 1] = insert
    raw = bytes(data)
    text = raw.decode("latin-1")
    result = split(text, raw)
    assert result.physical_lines == physical_lines(raw)
    if result.header is None:  # the header itself leaves a quote open: the intake stops on the file
        return
    assert result.lines_accounted == result.physical_lines
    covered = spans(result)
    assert all(a <= b for a, b in covered)
    assert all(prev[1] < nxt[0] for prev, nxt in pairwise(covered))  # no line in two spans


def test_an_unbalanced_quote_swallows_no_line_after_the_next_record():
    text = 'id,a,b\n1,"open,x\n2,y,z\n3,"ok\nstill ok",w\n'
    result = split(text, text.encode())
    assert [(r.first_line, r.fields) for r in result.records] == [(3, ["2", "y", "z"]),
                                                                   (4, ["3", "ok\nstill ok", "w"])]
    assert [(r.first_line, r.rule) for r in result.rejected] == [(2, "unbalanced_quote")]


def test_physical_lines_count_every_line_ending():
    assert physical_lines(b"a\nb\r\nc\rd") == 4
    assert physical_lines(b"a\n\n") == 2
    assert physical_lines(b"") == 0
