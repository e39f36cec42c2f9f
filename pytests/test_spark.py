"""The same models on Apache Spark (dbt-spark 1.11, a local Spark 4 in dbt's process): `make test-spark`,
which CI runs after `make test`. Not collected by `make test` (marker spark): it needs .venv-spark
(requirements-spark.txt) and Java 17.

The committed waves are built on Spark the way a statistical office would run them: wave 2021 first, then
2023 appended as a new partition; every mart is then compared with a DuckDB build of the same raw files,
to 1e-9. The appended wave carries personal data where no export should (an e-mail address typed as the
number of employees, an enterprise number typed as the NACE code): both engines must quarantine those rows
with the values masked, and Spark's run of the project's privacy test must pass. (Wave 2021 stays as
committed: its counts are the report's, which the build's tests check.) Last, `aibarometer publish-spark`
publishes the public DuckDB file from Spark's export, and it must equal the one the DuckDB build gives.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from aibarometer.dbt import run_dbt
from aibarometer.intake import land
from aibarometer.paths import PROJECT_ROOT
from pytests.conftest import database_layout, dbt_build

pytestmark = pytest.mark.spark

SPARK_PYTHON = PROJECT_ROOT / ".venv-spark" / "bin" / "python"
EMAIL = "jan.peeters@example.be"
ENTERPRISE_NUMBER = "BE 0403.170.701"  # valid check digits: 97 - 04031707 mod 97 = 01


def with_personal_data(responses: Path) -> None:
    """Lines 4 and 5 of the file (responses 3 and 4) get personal data in cells that are quarantined."""
    rows = list(csv.reader(io.StringIO(responses.read_text(encoding="utf-8"))))
    header = rows[0]
    rows[3][header.index("employees")] = EMAIL
    rows[4][header.index("nace_code")] = ENTERPRISE_NUMBER
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    responses.write_text(out.getvalue(), encoding="utf-8")


def spark_dbt(workdir: Path, landing: Path, *args: str,
              waves: list[int] | None = None) -> tuple[subprocess.Popen, Path]:
    """Start `python -m aibarometer.spark` in .venv-spark; its output goes to a log file in workdir (a pipe
    nobody reads while the DuckDB build runs would fill and stop it)."""
    env = dict(os.environ, AIB_TARGET="spark", AIB_SPARK_WAREHOUSE=str(workdir / "spark"),
               AIB_LANDING_ROOT=str(landing), DBT_PROFILES_DIR=str(PROJECT_ROOT),
               DBT_TARGET_PATH=str(workdir / "target"), DBT_LOG_PATH=str(workdir / "target" / "logs"),
               DBT_SEND_ANONYMOUS_USAGE_STATS="False", DBT_USE_COLORS="False")
    env.pop("AIB_BUILD_WAVES", None)
    if waves is not None:
        env["AIB_BUILD_WAVES"] = ",".join(map(str, waves))
    log = workdir / f"spark-{len(list(workdir.glob('spark-*.log')))}.log"
    with log.open("w") as out:
        run = subprocess.Popen([str(SPARK_PYTHON), "-m", "aibarometer.spark", *args], cwd=PROJECT_ROOT, env=env,
                               stdout=out, stderr=subprocess.STDOUT)
    return run, log


def finished(started: tuple[subprocess.Popen, Path]) -> None:
    """Wait for a Spark run; on failure, say dbt's last lines and the end of the log (Spark's warnings and
    Java stack traces fill the rest)."""
    run, log = started
    if run.wait(timeout=1800) != 0:
        lines = log.read_text(errors="replace").splitlines()
        dbt = [line for line in lines if re.match(r"\d\d:\d\d:\d\d  ", line)]
        pytest.fail(f"Spark run failed ({log}):\n" + "\n".join(dbt[-40:]) + "\n...\n" + "\n".join(lines[-40:]))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Spark builds wave 2021, then appends 2023; the DuckDB build of both runs while Spark builds 2021
    (the two engines share the 2 cores; Spark's time is mostly its per-statement cost)."""
    if not SPARK_PYTHON.exists():
        pytest.fail("no .venv-spark: run `make test-spark`, which installs requirements-spark.txt")
    root = tmp_path_factory.mktemp("spark")
    raw, duck_raw = root / "raw", root / "duckdb_raw"
    for wave in ("wave=2021", "wave=2023"):
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / wave, duck_raw / wave)
    with_personal_data(duck_raw / "wave=2023" / "responses.csv")
    shutil.copytree(duck_raw / "wave=2021", raw / "wave=2021")
    landing = root / "landing"
    land(raw, landing)
    first = spark_dbt(root, landing, "build", "--store-failures")
    try:
        result, duck = dbt_build(PROJECT_ROOT, root / "duckdb", raw_root=duck_raw)
        assert result.ok, result.output[-5000:]
        compiled = run_dbt(["compile", "--select", "path:analyses"], duck, landing_root=root / "duckdb" / "landing",
                           target_path=root / "duckdb" / "target", echo=False)
        assert compiled.ok, compiled.output[-3000:]
    except BaseException:
        first[0].kill()  # no Spark left running behind a failed test
        raise
    finished(first)
    shutil.copytree(duck_raw / "wave=2023", raw / "wave=2023")
    land(raw, landing)
    finished(spark_dbt(root, landing, "build", "--store-failures", "--export-marts", str(root / "export"),
                       "--run-analyses", str(root / "analyses"), waves=[2023]))
    return {"spark": root / "export", "duckdb": duck, "spark_analyses": root / "analyses",
            "duckdb_analyses": sorted((root / "duckdb" / "target" / "compiled").rglob("analyses/*.sql"))}


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as both engines' types can agree on: numbers as float64, booleans, times and texts as text,
    nulls as None; rows in one order (the texts, then the numbers to 6 decimals)."""
    def missing(v) -> bool:
        return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)

    out = pd.DataFrame(index=frame.index)
    for name, column in frame.items():
        values = column.astype(object).map(lambda v: None if missing(v) else float(v) if isinstance(v, Decimal) else v)
        present = values.dropna()
        if len(present) and present.map(lambda v: isinstance(v, (bool, np.bool_))).all():
            out[name] = values.map(lambda v: None if v is None else bool(v))
        elif pd.api.types.is_numeric_dtype(column) or (
                len(present) and present.map(lambda v: isinstance(v, (int, float, np.integer, np.floating))).all()):
            out[name] = pd.to_numeric(values, errors="raise").astype("float64")
        else:
            # a date is a date whichever type carries it (DuckDB's timestamp[us], Spark's date)
            out[name] = values.map(lambda v: None if v is None else str(pd.Timestamp(v))
                                   if isinstance(v, (datetime.date, np.datetime64)) else str(v))
    numbers = [c for c in out if out[c].dtype == "float64"]
    keys = [c for c in out if c not in numbers]
    order = out[keys].fillna("\x00").astype(str).assign(**{c: out[c].round(6) for c in numbers})
    # by column name: Spark puts the partition columns last
    order = order[sorted(order.columns)]
    return out.loc[order.sort_values(list(order.columns), kind="stable").index].reset_index(drop=True)


def assert_same(table: str, duck: pd.DataFrame, spark: pd.DataFrame) -> None:
    """The same rows: texts equal, numbers to 1e-9 (after comparable())."""
    assert sorted(spark.columns) == sorted(duck.columns), table
    spark = spark[duck.columns]
    assert len(spark) == len(duck), f"{table}: {len(spark)} rows on Spark, {len(duck)} on DuckDB"
    for name in duck.columns:
        if duck[name].dtype == "float64":
            a, b = duck[name].to_numpy(), spark[name].to_numpy()
            assert np.array_equal(np.isnan(a), np.isnan(b)), f"{table}.{name}: nulls differ"
            # a covariance is in squared percentage points, summed from cross products of weighted sums that
            # cancel: 1e-9 on a standard error of up to 5 points is 1e-8 on a variance (measured: 3.4e-9)
            atol = 1e-8 if name == "covariance" else 1e-9
            assert np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=0, atol=atol), \
                f"{table}.{name}: largest difference {np.nanmax(np.abs(a - b))}"
        else:
            differ = duck[name].ne(spark[name]) & ~(duck[name].isna() & spark[name].isna())
            assert not differ.any(), f"{table}.{name}: {duck[name][differ].head(3).tolist()} on DuckDB, " \
                                     f"{spark[name][differ].head(3).tolist()} on Spark"


def test_every_mart_built_on_spark_equals_the_duckdb_build(builds):
    con = duckdb.connect(str(builds["duckdb"]), read_only=True)
    tables = [t for (t,) in con.sql("select table_name from information_schema.tables where table_schema = "
                                    "'marts' and table_type = 'BASE TABLE' order by 1").fetchall()]
    assert len(tables) == 32 and "fct_indicator_estimates" in tables
    for table in tables:
        exported = builds["spark"] / "marts" / table
        assert exported.is_dir(), f"{table}: not built on Spark"
        assert_same(table, comparable(con.sql(f"select * from marts.{table}").df()),
                    comparable(pd.read_parquet(exported)))


def test_every_analysis_gives_the_same_rows_on_spark(builds):
    con = duckdb.connect(str(builds["duckdb"]), read_only=True)
    assert [p.stem for p in builds["duckdb_analyses"]] == [
        "figures_1_to_12", "table_3_technologies_by_sector", "table_4_technologies_by_size",
        "table_5_applications_by_sector"]
    for compiled in builds["duckdb_analyses"]:
        duck = con.sql(compiled.read_text()).df()
        assert len(duck) > 0, compiled.stem
        assert_same(compiled.stem, comparable(duck),
                    comparable(pd.read_parquet(builds["spark_analyses"] / compiled.stem)))


def test_personal_data_is_masked_on_spark_as_on_duckdb(builds):
    quarantine = pd.read_parquet(builds["spark"] / "marts" / "fct_quarantine")
    rows = quarantine[(quarantine["wave"] == 2023) & quarantine["source_line"].isin([4, 5])]
    by_line = dict(zip(rows["source_line"], rows["raw_value"], strict=True))
    assert by_line == {4: "(e-mail withheld)", 5: "(enterprise number withheld)"}, by_line
    text = " ".join(str(v) for v in quarantine["raw_value"].dropna())
    assert "@" not in text and "0403" not in text


def test_the_public_files_published_from_the_spark_export_equal_the_duckdb_build(builds, tmp_path):
    """`aibarometer publish-spark` makes the public DuckDB file from Spark's export: the DuckDB build's public
    tables, column types and comments, the same rows (numbers to 1e-9), the same estimates withheld."""
    from aibarometer.cli import main
    from aibarometer.public import write_public

    assert main(["publish-spark", str(builds["spark"]), "--warehouse-dir", str(tmp_path / "wh")]) == 0
    public = tmp_path / "wh" / "ai_barometer_public.duckdb"
    write_public(builds["duckdb"], tmp_path / "duckdb_public.duckdb")
    layout = database_layout(public)
    assert layout == database_layout(tmp_path / "duckdb_public.duckdb")
    assert len(layout[0]) == 26
    spark, duck = duckdb.connect(str(public), read_only=True), duckdb.connect(str(tmp_path / "duckdb_public.duckdb"),
                                                                            read_only=True)
    for _, table, _ in layout[0]:
        assert_same(table, comparable(duck.sql(f"select * from marts.{table}").df()),
                    comparable(spark.sql(f"select * from marts.{table}").df()))
    withheld = "select wave, count(*) from marts.fct_indicator_estimates where suppressed group by wave order by wave"
    assert spark.sql(withheld).fetchall() == duck.sql(withheld).fetchall()
    assert [w for w, _ in spark.sql(withheld).fetchall()] == [2021, 2023]
    assert (tmp_path / "wh" / "parquet" / "datapackage.json").is_file()
