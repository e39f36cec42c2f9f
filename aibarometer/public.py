"""The public database: the marts analysts and BI tools may share, and nothing else.

warehouse/ai_barometer_public.duckdb holds the aggregate marts only (no respondent-level rows, no
raw, staging or intermediate schemas, no personal data), withholds every suppressed estimate (value
and interval set to null, the flag and reason kept), keeps table and column descriptions as DuckDB
comments so BI tools show them, and is written in DuckDB's v1.4.0 storage format so that the 1.x
clients many BI tools bundle can open it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

STORAGE_VERSION = "v1.4.0"
# Respondent-level tables never leave the analysts' warehouse.
PRIVATE_TABLES = {"fct_respondents", "fct_response_dispositions", "fct_quarantine"}
# Columns withheld when a row's estimate is suppressed.
WITHHELD = ("estimate", "base_estimate", "estimate_change", "std_error", "ci_lower", "ci_upper", "design_effect", "effective_n",
            "kg_effective_n",
            "reproduced",
            "difference")


def public_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = [n for (n,) in con.sql(
        "select table_name from duckdb_tables() where database_name = 'src' and schema_name = 'marts' "
        "order by table_name").fetchall()]
    return [n for n in names if n not in PRIVATE_TABLES]


def write_public(warehouse: Path, public: Path) -> list[str]:
    """Write the public database from a built warehouse; returns the tables it holds."""
    public.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as src (read_only)")
    con.execute(f"attach '{public}' as pub (storage_version '{STORAGE_VERSION}')")
    con.execute("create schema pub.marts")
    tables = public_tables(con)
    for table in tables:
        columns = [c for (c,) in con.sql(
            "select column_name from duckdb_columns() where database_name = 'src' and schema_name = 'marts' "
            f"and table_name = '{table}' order by column_index").fetchall()]
        suppressible = "suppressed" in columns
        select = ", ".join(
            f'case when suppressed then null else "{c}" end as "{c}"' if suppressible and c in WITHHELD else f'"{c}"'
            for c in columns
        )
        con.execute(f'create table pub.marts."{table}" as select {select} from src.marts."{table}"')
        (comment,) = con.sql(
            "select comment from duckdb_tables() where database_name = 'src' and schema_name = 'marts' "
            f"and table_name = '{table}'").fetchall()[0]
        if comment:
            con.execute(f"comment on table pub.marts.\"{table}\" is '{_quote(comment)}'")
        for column, text in con.sql(
            "select column_name, comment from duckdb_columns() where database_name = 'src' "
            f"and schema_name = 'marts' and table_name = '{table}' and comment is not null").fetchall():
            con.execute(f"comment on column pub.marts.\"{table}\".\"{column}\" is '{_quote(text)}'")
    con.execute("detach pub")
    con.close()
    return tables


def _quote(text: str) -> str:
    return text.replace("'", "''")


def export_parquet(public: Path, folder: Path) -> list[str]:
    """Hive-partitioned Parquet of every public table that has a wave: <folder>/<table>/wave=<w>/*.parquet."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    con = duckdb.connect(str(public), read_only=True)
    exported = []
    for (table,) in con.sql("select table_name from duckdb_columns() where column_name = 'wave' "
                            "order by table_name").fetchall():
        con.execute(f"copy marts.\"{table}\" to '{folder / table}' (format parquet, partition_by (wave))")
        exported.append(table)
    con.close()
    return exported
