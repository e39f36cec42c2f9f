"""Serving: the atomic publish of the warehouse and the public database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from aibarometer.paths import PROJECT_ROOT, wave_dir
from aibarometer.public import write_public

# respondent-level or disclosure-internal tables: never public, whatever the YAML says
NEVER_PUBLIC = {"fct_respondents", "fct_response_dispositions", "fct_quarantine", "fct_disclosure_control",
                "fct_disclosure_decisions", "int_published_columns"}


WAVE_ESTIMATES = "select count(*) from marts.fct_indicator_estimates where wave = 2021"


def aibarometer_run(warehouse_dir: Path | str, *flags: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "aibarometer"), "run", "--warehouse-dir",
                           str(warehouse_dir), *flags], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_a_reader_holding_the_warehouse_open_never_blocks_a_build(tmp_path):
    first = aibarometer_run(tmp_path)
    assert first.returncode == 0, first.stdout[-3000:]
    served = tmp_path / "ai_barometer.duckdb"
    reader = duckdb.connect(str(served), read_only=True)
    (before,) = reader.sql(WAVE_ESTIMATES).fetchall()[0]
    # a rebuild (a plain re-run would change nothing) while the BI tool keeps its connection open
    second = aibarometer_run(tmp_path, "--full-refresh")
    assert second.returncode == 0, second.stdout[-3000:]
    assert "dbt: full build" in second.stdout
    # the open reader still sees a whole warehouse (its snapshot); a new one sees the new file
    assert reader.sql(WAVE_ESTIMATES).fetchall()[0][0] == before == 2920
    reader.close()
    fresh = duckdb.connect(str(served), read_only=True)
    assert fresh.sql("select count(*) from marts.dim_strata where wave = 2021").fetchall()[0][0] == 36
    fresh.close()


@pytest.mark.slow
def test_relative_folders_build_and_a_rerun_with_nothing_changed_does_nothing(tmp_path):
    """dbt runs in the project folder: a relative --warehouse-dir and --raw-root must name the caller's
    folders anyway (checkpoint and publication included)."""
    shutil.copytree(wave_dir(2021), tmp_path / "raw" / "wave=2021")
    built = aibarometer_run("relwh", "--raw-root", "raw", cwd=tmp_path)
    assert built.returncode == 0, built.stdout[-3000:]
    assert "dbt: full build of waves [2021]" in built.stdout
    served = tmp_path / "relwh" / "ai_barometer.duckdb"
    assert duckdb.connect(str(served), read_only=True).sql(WAVE_ESTIMATES).fetchall() == [(2920,)]
    public = tmp_path / "relwh" / "ai_barometer_public.duckdb"
    assert public.is_file() and public.stat().st_mode & 0o777 == 0o444  # read-only on disk
    for published in ("parquet/datapackage.json", "sdmx/structure.xml", "sdmx/estimates.csv"):
        assert (tmp_path / "relwh" / published).is_file(), published
    # quiet by default: dbt's lines go to the log file, the screen gets phases and the summary table
    assert " START " not in built.stdout and "its whole log goes to" in built.stdout
    (log,) = (tmp_path / "relwh" / "logs").glob("dbt-*.log")
    assert "Completed successfully" in log.read_text()
    assert "  wave 2021     2,741   1,717" in built.stdout  # received and usable, as the report's section 2.3
    again = aibarometer_run("relwh", "--raw-root", "raw", cwd=tmp_path)
    assert again.returncode == 0, again.stdout[-3000:]
    assert "Nothing changed since the last build" in again.stdout and "dbt:" not in again.stdout
    status = subprocess.run([str(Path(sys.executable).with_name("aibarometer")), "status", "--warehouse-dir",
                             "relwh", "--raw-root", "raw"], cwd=tmp_path, capture_output=True, text=True)
    assert status.returncode == 0 and "wave 2021: fieldwork.csv" in status.stdout
    assert "changed since the build: nothing" in status.stdout
    (tmp_path / "raw" / "wave=2021" / "frame.csv").write_text((tmp_path / "raw" / "wave=2021" / "frame.csv")
                                                              .read_text() + "\n")
    assert "wave 2021 changed (frame.csv)" in subprocess.run(
        [str(Path(sys.executable).with_name("aibarometer")), "status", "--warehouse-dir", "relwh", "--raw-root",
         "raw"], cwd=tmp_path, capture_output=True, text=True).stdout


def test_public_database_holds_marts_only_and_withholds_suppressed_estimates(warehouse, tmp_path):
    public = tmp_path / "public.duckdb"
    tables = write_public(warehouse, public)
    assert not NEVER_PUBLIC & set(tables)
    # the models declared `access: public`: 19 marts and dimensions, 4 for dissemination, 3 quality indicators
    assert len(tables) == 26
    con = duckdb.connect(str(public), read_only=True)
    schemas = {s for (s,) in con.sql("select distinct schema_name from duckdb_tables()").fetchall()}
    assert schemas == {"marts"}
    suppressed = con.sql("select count(*), count(estimate), count(ci_upper) from marts.fct_indicator_estimates "
                         "where suppressed").fetchall()[0]
    assert suppressed[0] > 0 and suppressed[1:] == (0, 0)
    shown = con.sql("select count(*) from marts.fct_indicator_estimates where not suppressed and estimate is null")
    assert shown.fetchall()[0][0] == 0
    (comment,) = con.sql("select comment from duckdb_tables() "
                         "where table_name = 'fct_indicator_estimates'").fetchall()[0]
    assert comment.startswith("Every estimate of every report section")
    labels = con.sql("select label_nl, label_en from marts.fct_indicator_estimates where indicator = 'uses_any_ai' "
                     "limit 1").fetchall()[0]
    assert labels == ("Gebruikt minstens één AI-technologie", "Uses at least one AI technology")
    # no value anywhere looks like an e-mail address
    for table in tables:
        for (column,) in con.sql(f"select column_name from duckdb_columns() where table_name = '{table}' "
                                 "and data_type = 'VARCHAR'").fetchall():
            (hits,) = con.sql(f'select count(*) from marts."{table}" where "{column}" like \'%@%.%\'').fetchall()[0]
            assert hits == 0, (table, column)
    con.close()


COMPAT_PYTHON = PROJECT_ROOT / ".venv-compat" / "bin" / "python"
READ_WITH_1X = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
n = con.sql("select count(*) from marts.fct_indicator_estimates where wave = 2021").fetchall()[0][0]
print(duckdb.__version__, n)
"""


def test_public_database_opens_in_a_duckdb_1x_client(warehouse, tmp_path):
    assert COMPAT_PYTHON.exists(), "make test installs the DuckDB 1.x client into .venv-compat"
    public = tmp_path / "public.duckdb"
    write_public(warehouse, public)
    opened = subprocess.run([str(COMPAT_PYTHON), "-c", READ_WITH_1X, str(public)], capture_output=True, text=True)
    assert opened.returncode == 0, opened.stderr
    version, rows = opened.stdout.split()
    assert version.startswith("1.") and int(rows) == 2920
    # the analysts' warehouse too: dbt writes it in the v1.4.0 storage format (profiles.yml); and the official
    # DuckDB CLI from PyPI (1.5) opens both
    opened = subprocess.run([str(COMPAT_PYTHON), "-c", READ_WITH_1X, str(warehouse)], capture_output=True, text=True)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.split()[1] == "2920"
    cli = COMPAT_PYTHON.with_name("duckdb")
    for database in (public, warehouse):
        ran = subprocess.run([str(cli), "-readonly", "-csv", "-noheader", str(database), "-c",
                              "select version(), count(*) from marts.fct_indicator_estimates where wave = 2021"],
                             capture_output=True, text=True)
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.strip().startswith("v1.5.") and ran.stdout.strip().endswith(",2920"), ran.stdout


def test_parquet_exports_are_hive_partitioned_per_wave(warehouse, tmp_path):
    from aibarometer.public import export_parquet

    public = tmp_path / "public.duckdb"
    write_public(warehouse, public)
    exported = export_parquet(public, tmp_path / "parquet")
    assert "fct_indicator_estimates" in exported and "fct_respondents" not in exported
    files = list((tmp_path / "parquet" / "fct_indicator_estimates" / "wave=2021").glob("*.parquet"))
    assert files
    con = duckdb.connect()
    (n,) = con.sql(f"select count(*) from read_parquet('{tmp_path}/parquet/fct_indicator_estimates/*/*.parquet', "
                   "hive_partitioning = true) where wave = 2021").fetchall()[0]
    assert n == 2920


def test_publish_spark_publishes_from_an_export_what_the_duckdb_build_publishes(warehouse, published, tmp_path):
    """`aibarometer publish-spark` on the layout a Spark build exports (written here from the shared DuckDB
    build; pytests/test_spark.py does it with Spark's own export): the same public database as the DuckDB
    build's, table for table, column types, comments and rows; the same Parquet data package and SDMX."""
    import json
    import re

    from aibarometer.cli import main
    from pytests.conftest import database_layout, marts_export

    export = marts_export(warehouse, tmp_path / "export")
    state = tmp_path / "wh" / "build" / "ai_barometer.published.json"
    state.parent.mkdir(parents=True)
    state.write_text("{}")  # a DuckDB build published before: its record must go
    assert main(["publish-spark", str(export), "--warehouse-dir", str(tmp_path / "wh")]) == 0
    public = tmp_path / "wh" / "ai_barometer_public.duckdb"
    assert database_layout(public) == database_layout(published["public"])
    tables, _ = database_layout(public)
    assert len(tables) == 26 and not {t for _, t, _ in tables} & NEVER_PUBLIC
    con = duckdb.connect()
    con.execute(f"attach '{public}' as s (read_only)")
    con.execute(f"attach '{published['public']}' as d (read_only)")
    for _, table, _ in tables:
        for a, b in (("s", "d"), ("d", "s")):
            (extra,) = con.sql(f"select count(*) from (select * from {a}.marts.{table} except all "
                               f"select * from {b}.marts.{table})").fetchall()[0]
            assert extra == 0, f"{table}: {extra} row(s) of {a} not in {b}"
    (withheld,) = con.sql("select count(*) from s.marts.fct_indicator_estimates where suppressed").fetchall()[0]
    assert withheld > 0  # disclosure control came through the export
    package = json.loads((tmp_path / "wh" / "parquet" / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} == {
        p.relative_to(published["parquet"]).as_posix() for p in published["parquet"].rglob("*.parquet")}
    def sdmx(folder: Path, name: str) -> str:  # the header's time of preparation aside
        return re.sub(r"<mes:Prepared>[^<]*</mes:Prepared>", "", (folder / name).read_text(encoding="utf-8"))

    for name in ("estimates.csv", "structure.xml"):
        assert sdmx(tmp_path / "wh" / "sdmx", name) == sdmx(published["sdmx"], name), name
    assert not state.exists()
    from aibarometer.status import status_lines

    lines = status_lines(tmp_path / "wh", tmp_path / "no-raw")
    assert any("the public files are a Spark build's, published" in line and f"from {export} " in line
               for line in lines), lines


def test_publish_spark_names_what_the_export_lacks_and_publishes_nothing(warehouse, tmp_path, capsys):
    from aibarometer.cli import BAD_INPUT, main
    from pytests.conftest import marts_export

    export = marts_export(warehouse, tmp_path / "export")
    (export / "manifest.json").unlink()
    assert main(["publish-spark", str(export), "--warehouse-dir", str(tmp_path / "wh")]) == BAD_INPUT
    assert f"{export / 'manifest.json'}: missing" in capsys.readouterr().out
    shutil.copyfile(warehouse.parent / "target" / "manifest.json", export / "manifest.json")
    for part in (export / "marts" / "mart_adoption").glob("*.parquet"):
        part.unlink()
    assert main(["publish-spark", str(export), "--warehouse-dir", str(tmp_path / "wh")]) == BAD_INPUT
    assert f"{export / 'marts' / 'mart_adoption'}: no Parquet files" in capsys.readouterr().out
    assert not (tmp_path / "wh" / "ai_barometer_public.duckdb").exists()


def test_docs_are_one_static_page_with_the_exposures(warehouse, tmp_path):
    from aibarometer.dbt import run_dbt

    result = run_dbt(["docs", "generate", "--static"], warehouse, target_path=tmp_path / "target", echo=False)
    assert result.ok, result.output[-2000:]
    page = (tmp_path / "target" / "static_index.html").read_text()
    for name in ("fct_indicator_estimates", "public_database", "ai_barometer_report", "Korn-Graubard"):
        assert name in page, name


def test_the_public_database_exposure_lists_exactly_the_tables_publishing_reads(warehouse):
    """The publisher reads the tables int_published_columns names (from the warehouse) and the tables its code
    names in the warehouse (src. / wh.): together, exactly the public_database exposure."""
    import re

    import yaml

    con = duckdb.connect(str(warehouse), read_only=True)
    published = {t for (t,) in con.sql("select distinct table_name from intermediate.int_published_columns").fetchall()}
    con.close()
    code = " ".join((PROJECT_ROOT / "aibarometer" / name).read_text()
                    for name in ("public.py", "data_package.py", "sdmx_export.py", "spark_export.py"))
    named = set(re.findall(r"\b(?:src|wh)\.(?:marts|intermediate)\.\{?([a-z_]+)", code))
    named |= set(re.findall(r'^[A-Z_]+ = "((?:fct|dim|int)_[a-z_]+)"', code, re.M))  # tables named by constant
    exposures = yaml.safe_load((PROJECT_ROOT / "models" / "exposures.yml").read_text())["exposures"]
    exposure = next(e for e in exposures if e["name"] == "public_database")
    listed = {re.fullmatch(r"ref\('([a-z_]+)'\)", d).group(1) for d in exposure["depends_on"]}
    # its two instructions, and the code lists the sort-order columns come from (itself published)
    assert named == {"int_published_columns", "fct_disclosure_decisions", "dim_code_lists"}
    assert listed == published | named
    assert len(published) == 26
