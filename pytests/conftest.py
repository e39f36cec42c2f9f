"""Shared fixtures: one warehouse built by dbt in a temporary folder per test session.

Tests never touch warehouse/ai_barometer.duckdb, the analysts' file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from aibarometer.dbt import DbtResult, run_dbt
from aibarometer.intake import land
from aibarometer.paths import PROJECT_ROOT

def pytest_configure(config: pytest.Config) -> None:
    """Tests run in two pytest-xdist workers (a file per worker). A build that `aibarometer run` starts in the
    project writes dbt's target/ there; each worker gets its own, so two builds never share dbt's
    partial-parse file or run results."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        os.environ["DBT_TARGET_PATH"] = str(PROJECT_ROOT / "target" / f"test-{worker}")
        os.environ["DBT_LOG_PATH"] = str(PROJECT_ROOT / "target" / f"test-{worker}" / "logs")


PROJECT_PARTS = ("models", "seeds", "macros", "tests", "analyses", "data", "dbt_project.yml", "profiles.yml")


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the dbt project, for tests that alter seeds or raw files."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = PROJECT_ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def dbt_build(project_dir: Path, workdir: Path, *select: str, raw_root: Path | None = None) -> tuple[DbtResult, Path]:
    """Intake of the raw files (project_dir's, or raw_root) into workdir/landing, then `dbt build` into workdir."""
    db_path = workdir / "warehouse.duckdb"
    land(raw_root or project_dir / "data" / "raw", workdir / "landing", seeds=project_dir / "seeds")
    args = ["build", "--store-failures"]
    if select:
        args += ["--select", *select]
    result = run_dbt(args, db_path, landing_root=workdir / "landing", target_path=workdir / "target", echo=False,
                     project_dir=project_dir)
    return result, db_path


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole warehouse, built and tested by `dbt build` from the committed project. While iterating on
    tests, AIB_TEST_WAREHOUSE may name a warehouse built from the same project (`make test` never sets it)."""
    if os.environ.get("AIB_TEST_WAREHOUSE"):
        return Path(os.environ["AIB_TEST_WAREHOUSE"])
    workdir = tmp_path_factory.mktemp("warehouse")
    result, db_path = dbt_build(PROJECT_ROOT, workdir)
    assert result.ok, result.output[-5000:] + "\n" + "\n".join(result.failures)
    return db_path


@pytest.fixture(scope="session")
def db(warehouse: Path):
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="session")
def published(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """What `aibarometer run` publishes beside the warehouse, written from the shared build: the public
    database, its Parquet export with the data package, and the SDMX files."""
    from aibarometer.publish import write_public_files

    public, _, _ = write_public_files(warehouse, tmp_path_factory.mktemp("published"))
    out = public.parent
    return {"public": public, "parquet": out / "parquet", "sdmx": out / "sdmx", "warehouse": warehouse}


def database_layout(path: Path) -> tuple[list[tuple], list[tuple]]:
    """A database's tables with their comments, and its columns in order with their types and comments:
    what a BI tool shows of it."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.sql("select schema_name, table_name, comment from duckdb_tables() order by all").fetchall()
        columns = con.sql("select schema_name, table_name, column_index, column_name, data_type, comment "
                          "from duckdb_columns() order by all").fetchall()
        return tables, columns
    finally:
        con.close()


def marts_export(warehouse: Path, export: Path) -> Path:
    """The folder `python -m aibarometer.spark build --export-marts` writes (aibarometer.spark_export), written
    from a DuckDB build: each marts table and the public surface as a folder of Parquet, the wave column
    last as Spark writes a partition column, and the build's dbt manifest."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.sql("select table_schema, table_name from information_schema.tables where table_type = "
                         "'BASE TABLE' and (table_schema = 'marts' or table_name = 'int_published_columns') "
                         "order by all").fetchall()
        for schema, table in tables:
            columns = con.table(f"{schema}.{table}").columns
            ordered = [c for c in columns if c != "wave"] + [c for c in columns if c == "wave"]
            folder = export / schema / table
            folder.mkdir(parents=True)
            con.execute(f"copy (select {', '.join(chr(34) + c + chr(34) for c in ordered)} from {schema}.{table}) "
                        f"to '{folder / 'part-00000.parquet'}' (format parquet)")
    finally:
        con.close()
    shutil.copyfile(warehouse.parent / "target" / "manifest.json", export / "manifest.json")
    return export
