"""Publish what aibarometer.build built: the data-quality checkpoint, then the warehouse, the public
database and its Parquet export, each swapped in atomically.

DuckDB lets one writer or many readers hold a file. Building into warehouse/build/ and then
os.replace()-ing the finished file onto warehouse/ai_barometer.duckdb means an analyst's open
connection never blocks a build and never sees a half-built warehouse: open readers keep their
snapshot, new connections see the new file. The build file stays in warehouse/build/ (a copy is
published), so the next run appends new waves to it incrementally.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from aibarometer.build import build
from aibarometer.dbt import DbtResult
from aibarometer.paths import BUILD_DIR, DATABASE_NAME, PUBLIC_DATABASE_NAME, RAW_ROOT, WAREHOUSE_DIR
from aibarometer.data_package import write_data_package
from aibarometer.lock import build_lock
from aibarometer.public import export_parquet, published_decimals, write_public
from aibarometer.sdmx_export import export_sdmx
from aibarometer.spark_export import assemble
from aibarometer.quality import run_checkpoint


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


def published_state(warehouse_dir: Path) -> Path:
    """The build state (aibarometer.build) the published files were made from."""
    return warehouse_dir / BUILD_DIR.name / (Path(DATABASE_NAME).stem + ".published.json")


def spark_published_record(warehouse_dir: Path) -> Path:
    """What `aibarometer publish-spark` last published, from which export (aibarometer.status reads it)."""
    return warehouse_dir / "build-spark" / "published.json"


def build_and_publish(warehouse_dir: Path = WAREHOUSE_DIR, raw_root: Path = RAW_ROOT,
                      full_refresh: bool = False, verbose: bool = True,
                      wait: bool = True) -> tuple[DbtResult, Path | None]:
    """Take the warehouse folder's build lock (aibarometer.lock: a second run waits, or with wait=False
    raises LockBusy), build, run the data-quality checkpoint, then publish the public database and the
    warehouse, each by one atomic rename. A failed dbt test or expectation stops publication."""
    with build_lock(warehouse_dir, wait=wait):
        return _build_and_publish(warehouse_dir, raw_root, full_refresh, verbose)


def _build_and_publish(warehouse_dir: Path, raw_root: Path, full_refresh: bool,
                       verbose: bool) -> tuple[DbtResult, Path | None]:
    build_path = warehouse_dir / BUILD_DIR.name / DATABASE_NAME
    landing = warehouse_dir / "landing"
    serving = warehouse_dir / DATABASE_NAME
    published = published_state(warehouse_dir)
    built = build(build_path, landing, raw_root, full_refresh=full_refresh, verbose=verbose,
                  log_dir=warehouse_dir / "logs")
    result = built.dbt
    if not built.ok:
        return result, None
    if (built.unchanged and serving.exists() and (warehouse_dir / PUBLIC_DATABASE_NAME).exists()
            and published.exists() and json.loads(published.read_text()) == built.state):
        print("Nothing changed since the last build (raw files, models, seeds): the published warehouse "
              "stands as it is.")
        return result, serving
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    started = time.perf_counter()
    failures = run_checkpoint(build_path, warehouse_dir / "quality" / run, landing=landing, waves=built.waves)
    print(f"checkpoint: waves {built.waves if built.waves is not None else 'all'}, "
          f"{len(failures)} failure(s) ({time.perf_counter() - started:.1f} s)")
    if failures:
        print("\nData-quality checkpoint failed (every expectation with its count and examples: "
              + str(warehouse_dir / "quality" / run / "index.html") + "):")
        for failure in failures:
            print(f"  - {failure}")
        return DbtResult(1, result.output, [str(f) for f in failures]), None
    started = time.perf_counter()
    publish_public(build_path, warehouse_dir)
    served = publish(build_path, serving, keep=True)
    published.write_text(json.dumps(built.state, indent=1, sort_keys=True))
    print(f"publish: warehouse, public database, Parquet with its data package, SDMX "
          f"({time.perf_counter() - started:.1f} s)")
    return result, served


def write_public_files(source: Path, folder: Path) -> tuple[Path, Path, Path]:
    """From a database with the marts, write the public database, its Parquet with the data package and SDMX
    into folder; returns their paths. The exports round to the published precision; the databases do not."""
    public = folder / PUBLIC_DATABASE_NAME
    write_public(source, public)
    decimals = published_decimals(source)
    parquet = folder / "parquet"
    export_parquet(public, parquet, decimals)
    write_data_package(public, source, parquet)
    sdmx_folder = folder / "sdmx"
    export_sdmx(public, sdmx_folder, decimals.get("fct_observations", {}))
    return public, parquet, sdmx_folder


def publish_public(source: Path, warehouse_dir: Path) -> Path:
    """From a database with the marts (a DuckDB build, or one assembled from a Spark build's export), write
    the public database, its Parquet with the data package and SDMX beside source, then swap each in."""
    public_build, parquet_build, sdmx_build = write_public_files(source, source.parent)
    publish_folder(parquet_build, warehouse_dir / "parquet")
    publish_folder(sdmx_build, warehouse_dir / "sdmx")
    public_build.chmod(0o444)  # read-only on disk: a client opening it read-write fails instead of locking others out
    return publish(public_build, warehouse_dir / PUBLIC_DATABASE_NAME)


def publish_spark_export(export: Path, warehouse_dir: Path = WAREHOUSE_DIR, wait: bool = True) -> Path:
    """Publish the public files from a Spark build's export (aibarometer.spark_export), under the warehouse
    folder's build lock. The export's build ran the dbt tests on Spark; the data-quality checkpoint reads
    the landing and staging, which a Spark build keeps, so it is not run here. The private warehouse file
    (ai_barometer.duckdb) is a DuckDB build's and stays as it is; the DuckDB build's record of what it last
    published is dropped, so the next `aibarometer run` publishes its own build again."""
    with build_lock(warehouse_dir, wait=wait):
        record = spark_published_record(warehouse_dir)
        record.parent.mkdir(parents=True, exist_ok=True)
        source = record.with_name("spark_export.duckdb")
        started = time.perf_counter()
        tables = assemble(export, source)
        public = publish_public(source, warehouse_dir)
        published_state(warehouse_dir).unlink(missing_ok=True)
        record.write_text(json.dumps({"export": str(export), "tables": tables}, indent=1))  # read by status
        print(f"publish-spark: {len(tables)} tables from {export}; public database, Parquet with its data package, "
              f"SDMX ({time.perf_counter() - started:.1f} s)")
        return public


def table(header: list[str], rows: list[list]) -> list[str]:
    """Rows as aligned text columns (numbers right-aligned)."""
    cells = [header] + [[f"{v:,}" if isinstance(v, int) else str(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
            for row in cells]


def summary(db_path: Path) -> list[str]:
    """What the published warehouse holds, in two blocks of a row per wave, each within 100 columns:
    responses usable, excluded by the report's rules and quarantined; estimates built, withheld by disclosure
    control and their reliability; then the warnings (a real wave's published figures the warehouse does
    not reproduce)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = {f"{schema}.{name}" for schema, name in con.sql(
            "select table_schema, table_name from information_schema.tables").fetchall()}
        lines = []
        if {"marts.fct_fieldwork_funnel", "marts.fct_indicator_estimates", "marts.fct_disclosure_decisions"} <= tables:
            rows = con.sql("""
                with funnel as (
                    select wave, sum(received) as received, sum(usable) as usable,
                        sum(excluded_fewer_than_5_employees) as small, sum(excluded_sector_out_of_scope) as sector,
                        sum(excluded_no_ai_question_answered) as no_ai, sum(excluded_duplicate) as duplicate,
                        sum(quarantined) as quarantined
                    from marts.fct_fieldwork_funnel group by wave),
                estimates as (
                    select e.wave, count(*) as estimates, count(*) filter (where d.suppressed) as withheld,
                        count(*) filter (where e.reliability = 'reliable') as reliable,
                        count(*) filter (where e.reliability = 'review') as review,
                        count(*) filter (where e.reliability = 'unreliable') as unreliable
                    from marts.fct_indicator_estimates as e
                    left join marts.fct_disclosure_decisions as d using (wave, indicator, population, breakdown,
                                                                       breakdown_value)
                    group by e.wave)
                select * from funnel left join estimates using (wave) order by wave""").fetchall()
            # two blocks of a row per wave, each within 100 columns (a terminal of 120 wrapped the one table)
            lines += table(["responses", "received", "usable", "excluded: <5 empl.", "sector", "no AI answer",
                            "duplicate", "quarantined"],
                           [[f"wave {r[0]}", *(int(v or 0) for v in r[1:8])] for r in rows])
            lines.append("")
            lines += table(["estimates", "built", "withheld", "reliable", "review", "unreliable"],
                           [[f"wave {r[0]}", *(int(v or 0) for v in r[8:])] for r in rows])
        if "marts.fct_published_comparison" in tables:  # a real wave's published figures: reported, not failed
            for wave, figures, exact, missed in con.sql(
                    "select wave, count(*), count(*) filter (where outcome in ('exact', 'bound_met')), count(*) "
                    "filter (where outcome in ('outside_tolerance', 'bound_missed', 'missing')) from "
                    "marts.fct_published_comparison where figure_role = 'reference' group by wave order by wave"
            ).fetchall():
                lines.append(f"warning: wave {wave}: {exact} of {figures} reference figure(s) reproduced, {missed} "
                             f"missed (real data: reported, not failed; marts.fct_published_comparison)")
        return lines
    finally:
        con.close()
