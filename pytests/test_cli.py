"""The command line as a person meets it: one build at a time per warehouse folder (a second run waits, or
with --no-wait exits 3 with a sentence; a build that died is taken over), dbt's log in a file and a
summary table on screen, `status`, and the documented exit codes with no traceback for an expected
failure."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aibarometer.paths import PROJECT_ROOT, wave_dir

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


@pytest.mark.slow
def test_a_second_run_exits_or_waits_and_a_dead_build_is_taken_over(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(wave_dir(2021), raw / "wave=2021")
    folder = tmp_path / "warehouse"
    holder = hold_lock(folder)
    try:
        busy = run("run", "--no-wait", "--warehouse-dir", str(folder), "--raw-root", str(raw), timeout=60)
        assert busy.returncode == 3, busy.stdout + busy.stderr
        assert f"Another build (PID {holder.pid}, started " in busy.stdout and "Traceback" not in busy.stdout + busy.stderr
        assert not (folder / "landing").exists()  # the lock is taken before the intake
        waiting = subprocess.Popen([AIBAROMETER, "run", "--warehouse-dir", str(folder), "--raw-root", str(raw)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT)
        first = waiting.stdout.readline()
        assert f"another build (PID {holder.pid}" in first and "waiting" in first, first
        os.kill(holder.pid, signal.SIGKILL)  # the build that held the folder dies without cleaning up
        out, _ = waiting.communicate(timeout=600)
    finally:
        holder.kill()
    assert waiting.returncode == 0, out[-3000:]
    assert f"the last build (PID {holder.pid}, started" in out and "takes the folder over" in out
    # quiet by default: dbt's lines go to the log file, the screen gets phases and the summary table
    assert " START " not in out and "its whole log goes to" in out
    (log,) = (folder / "logs").glob("dbt-*.log")
    assert "Completed successfully" in log.read_text()
    assert "  2021     2,741   1,717" in out  # received and usable, as the report's section 2.3
    status = run("status", "--warehouse-dir", str(folder), "--raw-root", str(raw), timeout=60)
    assert status.returncode == 0 and "built " in status.stdout and "wave 2021: fieldwork.csv" in status.stdout
    assert "changed since the build: nothing" in status.stdout
    (raw / "wave=2021" / "frame.csv").write_text((raw / "wave=2021" / "frame.csv").read_text() + "\n")
    assert "wave 2021 changed (frame.csv)" in run("status", "--warehouse-dir", str(folder), "--raw-root", str(raw),
                                                  timeout=60).stdout


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
    ran = run("shell", "--database", str(published["public"]), input="select count(*) as n from marts.fct_observations; "
              "create table marts.scratch (x integer);", timeout=60)
    assert "5841" in ran.stdout
    assert "read-only" in (ran.stdout + ran.stderr).lower()  # the write is refused: it opened read-only
