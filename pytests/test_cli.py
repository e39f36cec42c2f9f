"""The command line as a person meets it: one build at a time per warehouse folder (a second run waits, or
with --no-wait exits 3 with a sentence; a build that died is taken over), dbt's log in a file and a
summary table on screen, `status`, and the documented exit codes with no traceback for an expected
failure."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

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
