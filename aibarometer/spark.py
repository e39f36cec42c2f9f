"""dbt on Apache Spark in this process (dbt-spark's session method), with the statistical functions the
models call (aibarometer/quantiles.py) registered as pandas UDFs on the Spark session dbt-spark opens.

    python -m aibarometer.spark build [dbt arguments] [--export-marts DIR] [--run-analyses DIR]

runs dbt with the profile's spark output (AIB_TARGET=spark). Once dbt has succeeded, --export-marts writes
what the DuckDB side publishes from (aibarometer.spark_export: `aibarometer publish-spark DIR`): every table
of the marts schema as Parquet in DIR/marts/<table>/, the public surface dbt declares in
DIR/intermediate/int_published_columns/, and dbt's manifest.json (the descriptions and contract types).
--run-analyses compiles the analyses (analyses/), runs each on Spark and writes its rows to
DIR/<analysis>/. Both in the same process, so the Spark session is started once.

dbt-spark makes its session itself, with the profile's settings (the catalog's folder among them, which
must be set before the session starts); the functions are therefore registered on the session as it is
handed out, once. On a cluster (a thrift output) they must be registered there instead (docs/spark.md).
Needs requirements-spark.txt; the DuckDB side of the project does not import this module.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from aibarometer.paths import default_target


def _pandas(fn):
    def call(*columns: pd.Series) -> pd.Series:
        return pd.Series(fn(*(c.to_numpy(dtype=np.float64, na_value=np.nan) for c in columns)))
    return call


def register(session) -> None:
    from pyspark.sql.functions import pandas_udf

    from aibarometer.quantiles import FUNCTIONS

    for name, (fn, _) in FUNCTIONS.items():
        session.udf.register(name, pandas_udf(_pandas(fn), "double"))


def _with_functions() -> None:
    """Register the functions on every session SparkSession.builder hands out (once per session)."""
    from pyspark.sql import SparkSession

    get_or_create = SparkSession.Builder.getOrCreate

    def get_or_create_with_functions(builder):
        session = get_or_create(builder)
        if not getattr(session, "_aibarometer_functions", False):
            register(session)
            session._aibarometer_functions = True
        return session

    SparkSession.Builder.getOrCreate = get_or_create_with_functions


def _python_models_in_session() -> None:
    """dbt-spark submits Python models to Databricks only; here they run in this process, on the session
    the SQL models use (the disclosure control, models/disclosure/)."""
    from dbt.adapters.base import PythonJobHelper
    from dbt.adapters.spark.impl import SparkAdapter

    class SessionPythonJobHelper(PythonJobHelper):
        def __init__(self, parsed_model: dict, credentials) -> None:
            self.name = parsed_model["alias"]

        def submit(self, compiled_code: str) -> None:
            from pyspark.sql import SparkSession

            exec(compile(compiled_code, f"<python model {self.name}>", "exec"),
                 {"spark": SparkSession.builder.getOrCreate(), "__name__": f"python_model_{self.name}"})

    helpers = SparkAdapter.python_submission_helpers.fget
    SparkAdapter.python_submission_helpers = property(lambda self: {**helpers(self), "session": SessionPythonJobHelper})
    SparkAdapter.default_python_submission_method = property(lambda self: "session")


def export_marts(folder: str) -> None:
    """The folder aibarometer.spark_export publishes from (its docstring has the layout)."""
    from pyspark.sql import SparkSession

    session = SparkSession.builder.getOrCreate()
    tables = [f"marts.{row.tableName}" for row in session.sql("show tables in marts").collect()
              if not row.isTemporary]  # not dbt-spark's __dbt_tmp views of this session
    for table in [*tables, "intermediate.int_published_columns"]:
        schema, name = table.split(".")
        session.table(table).write.mode("overwrite").parquet(f"{folder}/{schema}/{name}")
    target = default_target()
    shutil.copyfile(target / "manifest.json", Path(folder) / "manifest.json")


def run_analyses(folder: str) -> None:
    from pyspark.sql import SparkSession

    session = SparkSession.builder.getOrCreate()
    target = default_target()
    for compiled in sorted((target / "compiled").rglob("analyses/*.sql")):
        session.sql(compiled.read_text()).write.mode("overwrite").parquet(f"{folder}/{compiled.stem}")


def option(args: list[str], name: str) -> str | None:
    """Take `name value` out of args (an option of this runner, not dbt's)."""
    if name not in args:
        return None
    at = args.index(name)
    value = args[at + 1]
    del args[at:at + 2]
    return value


def main(argv: list[str] | None = None) -> int:
    from dbt.cli.main import dbtRunner

    args = list(sys.argv[1:] if argv is None else argv)
    export, analyses = option(args, "--export-marts"), option(args, "--run-analyses")
    os.environ.setdefault("AIB_TARGET", "spark")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the UDF workers need this venv's scipy
    _with_functions()
    _python_models_in_session()
    result = dbtRunner().invoke(args)
    if result.success and export:
        export_marts(export)
    if result.success and analyses:
        result = dbtRunner().invoke(["compile", "--select", "path:analyses"])
        if result.success:
            run_analyses(analyses)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
