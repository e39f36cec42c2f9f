"""The command line as a person meets it: one build at a time per warehouse folder (a second run waits, or
with --no-wait exits 3 with a sentence; a build that died is taken over), dbt's log in a file and a
summary table on screen, `status`, and the documented exit codes with no traceback for an expected
failure."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from aibarometer import publish
from aibarometer.cli import main
from aibarometer.paths import PROJECT_ROOT

AIBAROMETER = str(Path(sys.executable).with_name("aibarometer"))
HOLD = """
import sys, time
from pathlib import Path
from aibarometer.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([AIBAROMETER, *args], capture_output=True, text=True, cwd=PROJECT_ROOT, **kwargs)


def hold_lock(folder: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_run_exits_or_waits_and_a_dead_build_is_taken_over(tmp_path):
    """The lock is taken before the intake, so a raw folder the intake refuses (exit 2, at once) is enough to
    see the second run wait and take over; a full run's output is tested in test_publish."""
    raw = tmp_path / "raw"
    (raw / "wave=2021").mkdir(parents=True)  # no files: the intake stops with exit 2 once it has the lock
    folder = tmp_path / "warehouse"
    holder = hold_lock(folder)
    try:
        busy = run("run", "--no-wait", "--warehouse-dir", str(folder), "--raw-root", str(raw), timeout=60)
        assert busy.returncode == 3, busy.stdout + busy.stderr
        assert f"Another build (PID {holder.pid}, started " in busy.stdout
        assert "Traceback" not in busy.stdout + busy.stderr
        assert "is missing" not in busy.stdout  # the lock is taken before the intake
        waiting = subprocess.Popen([AIBAROMETER, "run", "--warehouse-dir", str(folder), "--raw-root", str(raw)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT)
        first = waiting.stdout.readline()
        assert f"another build (PID {holder.pid}" in first and "waiting" in first, first
        os.kill(holder.pid, signal.SIGKILL)  # the build that held the folder dies without cleaning up
        out, _ = waiting.communicate(timeout=120)
    finally:
        holder.kill()
    assert f"the last build (PID {holder.pid}, started" in out and "takes the folder over" in out
    assert waiting.returncode == 2 and "frame.csv is missing" in out and "Traceback" not in out


def test_expected_failures_exit_with_their_code_and_no_traceback(tmp_path):
    missing = run("run", "--warehouse-dir", str(tmp_path / "w"), "--raw-root", str(tmp_path / "no_such_folder"),
                  timeout=120)
    assert missing.returncode == 2 and "no raw data folder" in missing.stdout
    nothing = run("status", "--warehouse-dir", str(tmp_path / "w2"), timeout=60)
    assert nothing.returncode == 4 and "Nothing was built" in nothing.stdout
    shell = run("shell", "--database", str(tmp_path / "none.duckdb"), timeout=60)
    assert shell.returncode == 4 and "does not exist yet" in shell.stdout
    for result in (missing, nothing, shell):
        assert "Traceback" not in result.stdout + result.stderr


def test_shell_opens_the_public_database_read_only_in_the_duckdb_cli(published):
    ran = run("shell", "--database", str(published["public"]),
              input="select count(*) as n from marts.fct_observations; create table marts.scratch (x integer);",
              timeout=60)
    assert "8852" in ran.stdout
    assert "read-only" in (ran.stdout + ran.stderr).lower()  # the write is refused: it opened read-only


def test_command_line_mistakes_end_in_one_sentence_with_their_own_exit_code(tmp_path):
    typo = run("run", "--ful-refresh", timeout=60)
    assert typo.returncode == 64, typo.stdout + typo.stderr
    assert typo.stderr.strip() == ("aibarometer: unrecognized arguments: --ful-refresh (did you mean --full-refresh?). "
                                   "`aibarometer --help` lists what it takes")
    command = run("stauts", timeout=60)
    assert command.returncode == 64 and "(did you mean status?)" in command.stderr
    missing_value = run("run", "--raw-root", timeout=60)
    assert missing_value.returncode == 64 and "argument --raw-root: expected one argument" in missing_value.stderr
    bare = run(timeout=60)
    assert bare.returncode == 0 and bare.stdout.startswith("usage: aibarometer")
    assert all(name in bare.stdout for name in ("run", "status", "shell", "generate", "intake", "report"))
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    blocked = run("run", "--warehouse-dir", str(blocker / "wh"), "--raw-root", str(tmp_path / "raw"), timeout=60)
    assert blocked.returncode == 73
    assert blocked.stdout.strip().startswith(f"Cannot write {blocker / 'wh'}") and "has a file where a folder" \
        in blocked.stdout
    status = run("status", "--warehouse-dir", str(tmp_path / "w"), timeout=60)
    assert f"`aibarometer run --warehouse-dir {tmp_path / 'w'}` builds it" in status.stdout
    for result in (typo, command, missing_value, bare, blocked, status):
        assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(("code", "reason"), [(errno.EROFS, "is on a read-only file system"),
                                              (errno.ENOSPC, "is on a disk that is full"),
                                              (errno.EACCES, "is not writable by you")])
def test_a_place_that_cannot_be_written_is_named_with_its_fix(monkeypatch, capsys, code, reason):
    """As root (CI) no folder refuses a write, so the build is made to meet the error a read-only, full or
    foreign file system raises."""
    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code), "/srv/warehouse/.build.lock")

    monkeypatch.setattr(publish, "build_and_publish", refuse)
    assert main(["run", "--warehouse-dir", "/srv/warehouse"]) == 73
    said = capsys.readouterr().out.strip()
    assert said.startswith(f"Cannot write /srv/warehouse/.build.lock: it {reason}. Fix: ")
    assert said.count("\n") == 0


def test_a_build_stopped_with_ctrl_c_leaves_no_note_of_a_build_that_died(tmp_path):
    from aibarometer.lock import build_lock, holder

    with pytest.raises(KeyboardInterrupt), build_lock(tmp_path):
        assert holder(tmp_path / ".build.lock")[0] == os.getpid()
        raise KeyboardInterrupt
    # no note names this process any longer: the next run (another PID) has nothing to report as died
    assert holder(tmp_path / ".build.lock") is None


def test_the_summary_fits_100_columns_with_the_report_s_counts(warehouse):
    from aibarometer.publish import summary

    lines = summary(warehouse)
    assert max(len("  " + line) for line in lines) <= 100  # the command line indents each line by two
    blocks = "\n".join(lines).split("\n\n")
    assert [b.splitlines()[0].split()[0] for b in blocks[:2]] == ["responses", "estimates"]
    wave = next(line for line in blocks[0].splitlines() if line.startswith("wave 2021"))
    assert wave.split()[2:5] == ["2,741", "1,717", "212"]  # received, usable, fewer than 5 employees


def test_the_progress_bar_shows_nodes_done_of_dbt_s_total_share_and_time():
    import io

    from aibarometer.dbt import advance

    bar = None
    for line in ["12:00:00  Running with dbt=1.11.16",
                 "12:00:01  1 of 4 START sql table model marts.dim_strata ..................... [RUN]",
                 "12:00:01  1 of 4 OK created sql table model marts.dim_strata ................ [OK in 0.09s]",
                 "12:00:02  2 of 4 PASS not_null_dim_strata_wave ............................. [PASS in 0.03s]"]:
        bar = advance(bar, line, file=io.StringIO())
    shown = str(bar)
    assert shown.startswith("dbt: 2/4 nodes (50%) ") and shown.endswith("  not_null_dim_strata_wave"), shown
    assert "00:00" in shown  # elapsed
    bar.close()
