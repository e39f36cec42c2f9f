"""Build the warehouse into a side file and publish it atomically.

DuckDB lets one writer or many readers hold a file. Building into warehouse/build/ and then
os.replace()-ing the finished file onto warehouse/ai_barometer.duckdb means an analyst's open
connection never blocks a build and never sees a half-built warehouse: open readers keep their
snapshot, new connections see the new file. The build file stays in warehouse/build/ (a copy is
published), so the next run appends new waves to it incrementally.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from aibarometer.dbt import DbtResult, run_dbt
from aibarometer.intake import MANIFEST, IntakeReport, land
from aibarometer.paths import (BUILD_DIR, DATABASE_NAME, PROJECT_ROOT, PUBLIC_DATABASE_NAME, RAW_ROOT, SEEDS,
                               WAREHOUSE_DIR)
from aibarometer.public import export_parquet, write_public
from aibarometer.quality import preload, run_checkpoint


def intake(raw_root: Path, landing: Path, seeds: Path = SEEDS) -> IntakeReport:
    """Check and land the raw files (aibarometer.intake); say what was converted or set aside."""
    started = time.perf_counter()
    report = land(raw_root, landing, seeds=seeds)
    print(f"intake: waves {report.waves}; landed anew {report.landed or 'none (raw files unchanged)'}; "
          f"{report.rejected_rows} line span(s) that are not rows set aside for the quarantine "
          f"({time.perf_counter() - started:.1f} s)")
    for line in report.log:
        print(f"intake: {line}")
    return report


def project_signature(project_dir: Path = PROJECT_ROOT) -> str:
    """A hash of everything that shapes every wave's numbers: models, macros, seeds, project config.
    When it changes, every wave is rebuilt (an incremental run would mix old and new logic)."""
    digest = hashlib.sha256()
    for part in ("models", "macros", "seeds", "dbt_project.yml"):
        root = project_dir / part
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file():
                digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def waves_to_build(built: dict[str, object], signatures: dict[str, object]) -> list[int]:
    """The waves whose raw files are new or changed, and every later wave: a wave inherits the codebook
    changes of the waves before it (int_codebook_wave_items), so editing an earlier wave's files, or
    adding a wave before the last one, can change later waves too. Appending the newest wave builds it
    alone."""
    changed = [int(w) for w, sig in signatures.items() if built.get(w) != sig]
    if not changed:
        return []
    return sorted(int(w) for w in signatures if int(w) >= min(changed))


@dataclass
class BuildResult:
    """What a build did: dbt's result, and the waves it built (None: nothing changed, nothing ran)."""

    dbt: DbtResult
    waves: list[int] | None
    state: dict[str, object] | None = None  # what the build file holds: project and raw signatures

    @property
    def ok(self) -> bool:
        return self.dbt.ok

    @property
    def unchanged(self) -> bool:
        return self.waves is None


def build(build_path: Path, landing: Path, raw_root: Path = RAW_ROOT, target_path: Path | None = None,
          full_refresh: bool = False) -> BuildResult:
    """Intake, then `dbt build` (seeds, models, tests) into build_path: incremental for the waves whose
    raw files are new or changed since the last successful build, in full when the build file is missing,
    the project changed, a wave was removed or full_refresh is asked; not at all when nothing changed
    (raw files, models, macros, seeds, project config), which makes a re-run cost the intake's hashing
    only. A structural problem of the raw files raises IntakeError before dbt starts."""
    report = intake(raw_root, landing)
    signatures = {str(w): v["signature"] for w, v in json.loads((landing / MANIFEST).read_text()).items()}
    state_path = build_path.with_name(build_path.stem + ".waves.json")
    state = json.loads(state_path.read_text()) if state_path.exists() and build_path.exists() else {}
    code = project_signature()
    full = (full_refresh or not state or state.get("project") != code
            or not set(state.get("waves", {})) <= set(signatures))
    if full:
        for stale in (build_path, build_path.with_suffix(build_path.suffix + ".wal"), state_path):
            stale.unlink(missing_ok=True)
        args = ["build", "--store-failures", "--full-refresh"]
        waves = report.waves
        print(f"dbt: full build of waves {report.waves}")
    else:
        waves = waves_to_build(state["waves"], signatures)
        if not waves:
            return BuildResult(DbtResult(0, "", []), None, state)
        args = ["build", "--store-failures"]
        print(f"dbt: incremental build of waves {waves}; other waves kept as built")
    preload()  # the checkpoint's library loads while dbt runs in its own process
    started = time.perf_counter()
    result = run_dbt(args, build_path, landing_root=landing, target_path=target_path,
                     build_waves=None if full else waves)
    print(f"dbt: {'done' if result.ok else 'FAILED'} ({time.perf_counter() - started:.1f} s)")
    state = {"project": code, "waves": signatures}
    if result.ok:
        state_path.write_text(json.dumps(state, indent=1, sort_keys=True))
    return BuildResult(result, waves, state)


def publish(build_path: Path, serving_path: Path, keep: bool = False) -> Path:
    """Move (or, keep=True, copy then move: the build file stays for the next incremental run) a
    finished database onto serving_path by one atomic rename."""
    serving_path.parent.mkdir(parents=True, exist_ok=True)
    if keep:
        staged = serving_path.with_name(serving_path.name + ".incoming")
        shutil.copyfile(build_path, staged)
        build_path = staged
    os.replace(build_path, serving_path)
    return serving_path


def publish_folder(built: Path, serving: Path) -> Path:
    """Swap a finished folder in: two renames, so readers see the old or the new export, never half."""
    old = serving.with_name(serving.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if serving.exists():
        os.replace(serving, old)
    os.replace(built, serving)
    if old.exists():
        shutil.rmtree(old)
    return serving


def build_and_publish(warehouse_dir: Path = WAREHOUSE_DIR, raw_root: Path = RAW_ROOT,
                      full_refresh: bool = False) -> tuple[DbtResult, Path | None]:
    """Build, run the data-quality checkpoint, then publish the public database and the warehouse, each
    by one atomic rename. A failed dbt test or expectation stops publication."""
    build_path = warehouse_dir / BUILD_DIR.name / DATABASE_NAME
    landing = warehouse_dir / "landing"
    serving = warehouse_dir / DATABASE_NAME
    published = build_path.with_name(build_path.stem + ".published.json")  # the state last published
    built = build(build_path, landing, raw_root, full_refresh=full_refresh)
    result = built.dbt
    if not built.ok:
        return result, None
    if (built.unchanged and serving.exists() and (warehouse_dir / PUBLIC_DATABASE_NAME).exists()
            and published.exists() and json.loads(published.read_text()) == built.state):
        print("Nothing changed since the last build (raw files, models, seeds): the published warehouse "
              "stands as it is.")
        return result, serving
    run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    started = time.perf_counter()
    failures = run_checkpoint(build_path, warehouse_dir / "quality" / run, landing=landing, waves=built.waves)
    print(f"checkpoint: waves {built.waves if built.waves is not None else 'all'}, "
          f"{len(failures)} failure(s) ({time.perf_counter() - started:.1f} s)")
    if failures:
        print("\nData-quality checkpoint failed (results in " + str(warehouse_dir / "quality" / run) + "):")
        for failure in failures:
            print(f"  - {failure}")
        return DbtResult(1, result.output, [str(f) for f in failures]), None
    started = time.perf_counter()
    public_build = build_path.with_name(PUBLIC_DATABASE_NAME)
    write_public(build_path, public_build)
    parquet_build = build_path.parent / "parquet"
    export_parquet(public_build, parquet_build)
    publish_folder(parquet_build, warehouse_dir / "parquet")
    publish(public_build, warehouse_dir / PUBLIC_DATABASE_NAME)
    served = publish(build_path, serving, keep=True)
    published.write_text(json.dumps(built.state, indent=1, sort_keys=True))
    print(f"publish: warehouse, public database and Parquet ({time.perf_counter() - started:.1f} s)")
    return result, served


def summary(db_path: Path) -> list[str]:
    """A few lines on what the published warehouse holds."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = {
            f"{schema}.{name}"
            for schema, name in con.sql(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        lines = []
        if "marts.dim_strata" in tables:
            for wave, strata, usable in con.sql(
                "select wave, count(*), sum(usable_responses) from marts.dim_strata group by wave order by wave"
            ).fetchall():
                lines.append(f"wave {wave}: {strata} strata, {usable} usable responses")
        if "marts.fct_indicator_estimates" in tables:
            (n,) = con.sql("select count(*) from marts.fct_indicator_estimates").fetchall()[0]
            lines.append(f"{n} indicator estimates built")
        if "marts.fct_published_comparison" in tables:  # a real wave's published figures: reported, not failed
            for wave, figures, exact, missed in con.sql(
                    "select wave, count(*), count(*) filter (where outcome in ('exact', 'bound_met')), count(*) "
                    "filter (where outcome in ('outside_tolerance', 'bound_missed', 'missing')) from "
                    "marts.fct_published_comparison where figure_role = 'reference' group by wave order by wave"
            ).fetchall():
                lines.append(f"wave {wave}: {exact} of {figures} reference figure(s) reproduced, {missed} missed "
                             f"(real data: reported, not failed; marts.fct_published_comparison)")
        return lines
    finally:
        con.close()
