"""Run dbt as a subprocess and explain its failures.

dbt runs in its own process: DuckDB allows one read-write connection per file, and a
connection held by this process would block dbt's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from aibarometer.paths import PROJECT_ROOT, default_target


@dataclass(frozen=True)
class DbtResult:
    returncode: int
    output: str
    failures: list[str]

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def dbt_env(
    db_path: Path,
    landing_root: Path | None = None,
    target_path: Path | None = None,
    project_dir: Path = PROJECT_ROOT,
    build_waves: list[int] | None = None,
) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AIB_BUILD_WAVES", None)
    if build_waves is not None:  # read by macros/wave_ref.sql while models run (keeps partial parsing)
        env["AIB_BUILD_WAVES"] = ",".join(str(w) for w in build_waves)
    env.update(
        DBT_PROFILES_DIR=str(project_dir),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DBT_PARTIAL_PARSE="False" if target_path else env.get("DBT_PARTIAL_PARSE", "True"),
        AIB_DUCKDB_PATH=str(db_path),
        AIB_TARGET="warehouse",
    )
    if landing_root is not None:
        env["AIB_LANDING_ROOT"] = str(landing_root)
    if target_path is not None:
        env["DBT_TARGET_PATH"] = str(target_path)
        env["DBT_LOG_PATH"] = str(target_path / "logs")
    return env


# dbt's line for a finished node: "12 of 203 OK created sql table model marts.dim_strata ..."
NODE_DONE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|ERROR|FAIL|WARN|SKIP|NO-OP)\b\s*(.*)")


# the bar: nodes done of dbt's total, the share and the time elapsed, then the node just finished
BAR_FORMAT = "dbt: {n_fmt}/{total_fmt} nodes ({percentage:.0f}%) {bar:20} {elapsed}  {desc}"
NODE_NAME = re.compile(r"(\S+)\s+\.{2,}")


def advance(bar, line: str, file=None):
    """The progress bar after one line of dbt's output: a node finished moves it one on (made at the first)."""
    done = NODE_DONE.search(line)
    if done is None:
        return bar
    if bar is None:
        from tqdm import tqdm

        bar = tqdm(total=int(done.group(2)), bar_format=BAR_FORMAT, leave=False, file=file)
    bar.total = int(done.group(2))  # dbt's own count of the nodes this run executes
    bar.update(1)
    bar.set_description_str(node_name(done.group(4)))
    return bar


def node_name(text: str) -> str:
    """The node a finished line names ('created sql table model marts.dim_strata .... [OK in 0.09s]')."""
    found = NODE_NAME.search(text or "")
    return found.group(1)[:48] if found else ""


def colours() -> bool:
    """Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run_dbt(
    args: list[str],
    db_path: Path,
    landing_root: Path | None = None,
    target_path: Path | None = None,
    echo: bool = True,
    project_dir: Path = PROJECT_ROOT,
    build_waves: list[int] | None = None,
    log_file: Path | None = None,
    progress: bool = False,
) -> DbtResult:
    """Run `dbt <args>` against db_path; on failure collect one line per failing row of each test. dbt's
    whole output goes to log_file when given; on screen it is echoed line by line (echo), or shown as a
    progress bar of nodes done (progress, on a terminal), or not at all."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [str(Path(sys.executable).parent / "dbt"), *args]
    env = dbt_env(db_path, landing_root, target_path, project_dir, build_waves)
    env["DBT_USE_COLORS"] = "True" if echo and colours() else "False"
    lines: list[str] = []
    bar = None
    log = log_file.open("w", encoding="utf-8") if log_file else None
    if progress:  # dbt parses the project for some seconds before its first node: say it has started
        print(f"dbt: {' '.join(args[:1])} started (parsing the project; a bar follows with the first node)",
              flush=True)
    try:
        with subprocess.Popen(cmd, cwd=project_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True) as proc:
            for line in proc.stdout:
                lines.append(line)
                if log:
                    log.write(line)
                if echo:
                    sys.stdout.write(line)
                elif progress:
                    bar = advance(bar, line)
    finally:
        if bar is not None:
            bar.close()
        if log:
            log.close()
    output = "".join(lines)
    failures = [] if proc.returncode == 0 else explain_failures(db_path, target_path or default_target(project_dir))
    if (echo or progress) and failures:
        print("\nWhat failed, row by row (first rows of each failing check):")
        for line in failures:
            print(f"  - {line}")
    return DbtResult(proc.returncode, output, failures)


def explain_failures(db_path: Path, target_path: Path, rows_per_test: int = 5) -> list[str]:
    """Read run_results.json and the failing rows dbt stored (tests run with --store-failures)."""
    results_file = target_path / "run_results.json"
    if not results_file.exists():
        return []
    results = json.loads(results_file.read_text())["results"]
    failed = [r for r in results if r["status"] in ("fail", "error")]
    lines: list[str] = []
    if not failed:
        return lines
    con = None
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        con = None
    for r in failed:
        name = r["unique_id"].split(".")[2] if r["unique_id"].count(".") >= 2 else r["unique_id"]
        relation = r.get("relation_name")
        if r["status"] == "error" or con is None or not relation:
            lines.append(f"{name}: {r['status']}: {(r.get('message') or '').strip()}")
            continue
        try:
            rel = con.sql(f"select * from {relation} limit {rows_per_test}")
            columns = rel.columns
            for row in rel.fetchall():
                record = dict(zip(columns, row, strict=True))
                text = record.get("failure") or ", ".join(f"{k}={v}" for k, v in record.items())
                lines.append(f"{name}: {text}")
        except duckdb.Error as exc:
            lines.append(f"{name}: {r['status']} ({exc})")
    if con is not None:
        con.close()
    return lines
