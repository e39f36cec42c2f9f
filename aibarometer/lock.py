"""One build at a time per warehouse folder.

`aibarometer run` takes an exclusive lock on <warehouse>/.build.lock before the intake. The lock is the
kernel's (flock): it goes with its process, so a build that died leaves no lock behind, only the file,
whose note (PID, start time) then names a process that is gone - said, and taken over. A second run
waits for the first, saying so, or with --no-wait exits with LockBusy (exit code 3) and a sentence.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

LOCK_NAME = ".build.lock"


class LockBusy(Exception):
    """Another build holds the warehouse folder and the caller asked not to wait."""


def _alive(pid: int) -> bool:
    """True while the process runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def holder(path: Path) -> tuple[int, str] | None:
    """The PID and start time the lock file names, if any."""
    try:
        pid, started = path.read_text().split(maxsplit=1)
        return int(pid), started.strip()
    except (OSError, ValueError):
        return None


@contextmanager
def build_lock(warehouse_dir: Path, wait: bool = True, say=print):
    """Hold the warehouse folder's build lock for the duration of the block."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / LOCK_NAME
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = holder(path)
            who = f"PID {other[0]}, started {other[1]}" if other else "another process"
            if not wait:
                raise LockBusy(f"Another build ({who}) is running in {warehouse_dir}. Nothing was done: run again "
                               f"when it has finished, or without --no-wait to wait for it.") from None
            say(f"lock: another build ({who}) is running in {warehouse_dir}; waiting for it to finish "
                f"(Ctrl-C stops waiting; --no-wait exits instead)")
            started = time.perf_counter()
            fcntl.flock(handle, fcntl.LOCK_EX)
            say(f"lock: the other build ended; this run goes on (waited {time.perf_counter() - started:.0f} s)")
        previous = holder(path)  # a clean end clears its note: one left names a build that died
        if previous and previous[0] != os.getpid():
            # a killed process frees its lock as it exits, a moment before it is gone: give it that moment
            deadline = time.monotonic() + 5
            while _alive(previous[0]) and time.monotonic() < deadline:
                time.sleep(0.05)
        if previous and previous[0] != os.getpid() and not _alive(previous[0]):
            say(f"lock: the last build (PID {previous[0]}, started {previous[1]}) died without finishing; its "
                f"process is gone, so this run takes the folder over")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {datetime.now().isoformat(timespec='seconds')}\n")
        handle.flush()
        try:
            yield path
        except KeyboardInterrupt:
            # Ctrl-C is an end too (nothing half-built is published): clear the note, so that the next run
            # does not report a build that died
            handle.seek(0)
            handle.truncate()
            raise
        handle.seek(0)
        handle.truncate()  # a clean end clears the note: a note left behind names a build that died
    finally:
        handle.close()  # closing releases the lock
