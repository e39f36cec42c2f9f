"""Every raw record accounted for, whatever the export looks like: property-based tests with hypothesis.

From the committed 2021 wave, copied under test wave numbers, hypothesis draws corruptions of
responses.csv nobody listed: byte edits, quote insertions, deleted, duplicated or truncated lines, blank
lines, a repeated header, mixed line endings, swapped cells, huge cells, personal data typed into any
column, and (intake only) renamed columns and other encodings. Properties:
- no traceback: the intake lands the wave or stops with problems naming the file;
- conservation, counted on the raw bytes by this test (not by the intake): every physical line is the
  header, blank, a landed row or a set-aside span, and in dbt usable + excluded + quarantined + set
  aside = records (the build's own assert_raw_records_accounted_for, and recounted here);
- no personal data outside staging (the build's privacy test scans every text value);
- untouched responses keep their disposition and answers.
Examples are drawn deterministically (derandomize) so CI is reproducible; bounded to a few builds.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from aibarometer.intake import IntakeError, land
from aibarometer.paths import SEEDS, wave_dir
from pytests.conftest import dbt_build

SOURCE = wave_dir(2021)
CLEAN_WAVE = 3000
PERSONAL = {"email": "jan.peeters@firma.example", "enterprise": "BE 0558.998.231", "phone": "+32 9 264 12 34"}
LINE_END = re.compile(rb"\r\n|\r|\n")


def read_table(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


RESPONSES = read_table(SOURCE / "responses.csv")
HEADER, BODY = RESPONSES[0], RESPONSES[1:]


def line_of(row: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    return out.getvalue()


def write_wave(raw_root: Path, wave: int, responses: bytes) -> None:
    """The 2021 wave's frame, sample, fieldwork and wave_info under another wave number, with responses."""
    folder = raw_root / f"wave={wave}"
    folder.mkdir(parents=True)
    for name in ("frame", "sample", "fieldwork"):
        table = read_table(SOURCE / f"{name}.csv")
        at = table[0].index("wave")
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows([table[0]] + [r[:at] + [str(wave)] + r[at + 1:]
                                                                       for r in table[1:]])
    shutil.copy(SOURCE / "wave_info.csv", folder / "wave_info.csv")
    (folder / "responses.csv").write_bytes(responses)


@dataclass
class Corrupted:
    """responses.csv of one wave as lines (text, ending, index of the original response or None)."""

    wave: int
    lines: list[list] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # original responses changed, moved apart or removed
    encoding: str = "utf-8"
    structural: bool = False  # a corruption the intake must stop on

    @classmethod
    def clean(cls, wave: int) -> Corrupted:
        at = HEADER.index("wave")
        lines = [[line_of(HEADER), "\n", None]]
        lines += [[line_of(r[:at] + [str(wave)] + r[at + 1:]), "\n", i] for i, r in enumerate(BODY)]
        return cls(wave, lines)

    def data(self) -> bytes:
        text = "".join(t + e for t, e, _ in self.lines)
        return text.encode("utf-16") if self.encoding == "utf-16" else text.encode(self.encoding, "replace")

    def apply(self, op: tuple) -> None:
        kind, k = op[0], 1 + op[1] % (len(self.lines) - 1) if len(self.lines) > 1 else 0
        line = self.lines[k]
        if kind == "byte":
            pos = op[2] % (len(line[0]) + 1)
            line[0] = line[0][:pos] + op[3] + line[0][pos + 1:]
        elif kind == "quote":
            pos = op[2] % (len(line[0]) + 1)
            line[0] = line[0][:pos] + '"' + line[0][pos:]
        elif kind == "truncate":
            line[0] = line[0][: op[2] % (len(line[0]) + 1)]
        elif kind == "delete":
            del self.lines[k]
        elif kind == "duplicate":
            self.lines.insert(k + 1, [line[0], line[1], None])
        elif kind == "blank":
            self.lines.insert(k + 1, ["", "\n", None])
            return
        elif kind == "repeat_header":
            self.lines.insert(k + 1, [self.lines[0][0], "\n", None])
            return
        elif kind == "ending":
            line[1] = op[2]
            return
        elif kind in ("huge", "personal", "swap"):
            cells = next(csv.reader([line[0]]), [])
            if len(cells) != len(HEADER):
                return
            c = 7 + op[2] % (len(HEADER) - 7) if kind == "huge" else op[2] % len(HEADER)
            if kind == "huge":
                cells[c] = "x" * 200_000
            elif kind == "personal":
                cells[c] = PERSONAL[op[3]]
            else:
                d = op[3] % len(HEADER)
                cells[c], cells[d] = cells[d], cells[c]
            line[0] = line_of(cells)
        if line[2] is not None:
            self.touched.add(line[2])

    def apply_file(self, op: str) -> None:
        if op == "rename":
            self.lines[0][0] = self.lines[0][0].replace("tech_text_analysis", "tech_txt_analysis")
        elif op == "utf-16":
            self.encoding = "utf-16"
        self.structural = True


OPS = st.one_of(
    st.tuples(st.just("byte"), st.integers(0, 10**6), st.integers(0, 400),
              st.sampled_from(['"', ",", "\x00", "é", "x", "\n", ";", "\r", ""])),
    st.tuples(st.just("quote"), st.integers(0, 10**6), st.integers(0, 400)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6), st.integers(0, 400)),
    st.tuples(st.just("delete"), st.integers(0, 10**6)),
    st.tuples(st.just("duplicate"), st.integers(0, 10**6)),
    st.tuples(st.just("blank"), st.integers(0, 10**6)),
    st.tuples(st.just("repeat_header"), st.integers(0, 10**6)),
    st.tuples(st.just("ending"), st.integers(0, 10**6), st.sampled_from(["\r\n", "\r"])),
    st.tuples(st.just("huge"), st.integers(0, 10**6), st.integers(0, 100)),
    st.tuples(st.just("personal"), st.integers(0, 10**6), st.integers(0, 100), st.sampled_from(sorted(PERSONAL))),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(0, 100), st.integers(0, 100)),
)


def corrupted(wave: int, ops: list[tuple], file_op: str | None = None) -> Corrupted:
    wave_file = Corrupted.clean(wave)
    for op in ops:
        wave_file.apply(op)
    if file_op:
        wave_file.apply_file(file_op)
    return wave_file


def physical_lines(data: bytes) -> int:
    """This test's own count of a file's lines, on its bytes."""
    pieces = LINE_END.split(data)
    return len(pieces) - (1 if pieces and pieces[-1] == b"" else 0)


def landed_count(path: Path) -> int:
    return duckdb.connect().execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(OPS, min_size=1, max_size=6), st.sampled_from([None, None, None, "rename", "utf-16"]))
def test_the_intake_lands_or_stops_and_every_line_is_accounted_for(tmp_path_factory, ops, file_op):
    root = tmp_path_factory.mktemp("intake")
    wave_file = corrupted(3001, ops, file_op)
    write_wave(root / "raw", 3001, wave_file.data())
    try:
        land(root / "raw", root / "landing", seeds=SEEDS)
    except IntakeError as stop:
        assert stop.problems and all("wave=3001" in p for p in stop.problems), stop.problems
        assert wave_file.structural or any("header" in p or "column" in p for p in stop.problems), stop.problems
        return
    assert not wave_file.structural
    landed = root / "landing" / "wave=3001"
    (accounting,) = duckdb.connect().execute(
        "select physical_lines, header_lines, blank_lines, landed_records, landed_lines, rejected_records, "
        "rejected_lines from read_parquet(?) where file_name = 'responses'",
        [str(landed / "file_accounting.parquet")]).fetchall()
    physical, header, blank, records, record_lines, rejected, rejected_lines = accounting
    assert physical == physical_lines(wave_file.data())
    assert physical == header + blank + record_lines + rejected_lines
    assert landed_count(landed / "responses.parquet") == records
    assert duckdb.connect().execute(
        "select count(*), coalesce(sum(source_line_end - source_line + 1), 0) from read_parquet(?) "
        "where source_file = 'wave=3001/responses.csv'", [str(landed / "rejects.parquet")]).fetchone() == (
        rejected, rejected_lines)


WAVES = 4  # corrupted waves per build, beside the clean one

@settings(max_examples=2, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(OPS, min_size=1, max_size=5), min_size=WAVES, max_size=WAVES))
def test_corrupted_waves_build_with_every_record_accounted_and_untouched_responses_unchanged(
        tmp_path_factory, waves_ops):
    root = tmp_path_factory.mktemp("corrupted")
    waves = [Corrupted.clean(CLEAN_WAVE)] + [corrupted(CLEAN_WAVE + 1 + i, ops) for i, ops in enumerate(waves_ops)]
    for wave_file in waves:
        write_wave(root / "raw", wave_file.wave, wave_file.data())
    result, db_path = dbt_build(Path(__file__).resolve().parent.parent, root / "build", raw_root=root / "raw")
    # the build ran every check: the conservation law per file and the privacy scan of every text value
    assert result.ok, result.output[-3000:] + "\n" + "\n".join(result.failures)
    con = duckdb.connect(str(db_path), read_only=True)
    clean = dict(con.execute("select split_part(response_key, ':', 2), disposition "
                             "from marts.fct_response_dispositions where wave = ?", [CLEAN_WAVE]).fetchall())
    clean_answers = answers(con, CLEAN_WAVE)
    for wave_file in waves[1:]:
        wave = wave_file.wave
        data = wave_file.data()
        usable, excluded, quarantined, set_aside = con.execute(
            "select count(*) filter (where disposition = 'usable'), count(*) filter (where disposition != 'usable'), "
            "(select count(distinct source_line) from marts.fct_quarantine q where q.wave = d.wave "
            " and q.source_file like '%/responses.csv'), "
            "(select count(*) from staging.stg_survey__rejects r where r.wave = d.wave "
            " and r.source_file like '%/responses.csv') "
            "from marts.fct_response_dispositions d where wave = ? group by wave", [wave]).fetchone()
        records, blank = con.execute("select landed_records + rejected_records, blank_lines "
                                     "from staging.stg_survey__file_accounting where wave = ? "
                                     "and file_name = 'responses'", [wave]).fetchone()
        assert usable + excluded + quarantined == records  # quarantined counts the set-aside spans too
        assert set_aside <= quarantined
        assert physical_lines(data) >= records + blank + 1
        # untouched responses: same disposition and answers as in the clean wave, unless a touched line
        # shares their firm or id (then the duplicate rules rightly decide anew)
        touched_text = " ".join(t for t, _, i in wave_file.lines if i is None or i in wave_file.touched)
        touched_text += " ".join(line_of(BODY[i]) for i in wave_file.touched)
        got = dict(con.execute("select split_part(response_key, ':', 2), disposition "
                               "from marts.fct_response_dispositions where wave = ?", [wave]).fetchall())
        got_answers = answers(con, wave)
        compared = 0
        for i, row in enumerate(BODY):
            response_id, number = row[0], row[HEADER.index("enterprise_number")]
            if i in wave_file.touched or response_id in touched_text or number in touched_text:
                continue
            assert got.get(response_id) == clean[response_id], (wave, response_id)
            assert got_answers.get(response_id) == clean_answers.get(response_id), (wave, response_id)
            compared += 1
        assert compared > len(BODY) * 0.9


def answers(con, wave: int) -> dict[str, tuple]:
    """Each response's answers as landed (every item column), by response id."""
    rows = con.execute("select responses.response_id, items.* exclude (wave, source_line) "
                       "from staging.stg_survey__response_items as items "
                       "inner join staging.stg_survey__responses as responses using (wave, source_line) "
                       "where wave = ?", [wave]).fetchall()
    return {row[0]: row[1:] for row in rows}
