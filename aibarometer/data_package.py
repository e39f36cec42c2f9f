"""The Frictionless data package of the Parquet export (warehouse/parquet/datapackage.json): one resource
per Parquet file, each with its table's description and a Table Schema whose fields carry the column's
type, description (the DuckDB comments dbt persisted) and unit (column meta unit in the models' YAML,
read from intermediate.int_published_columns). A partitioned table's files lack the wave column (it is
the folder name, wave=<w>): their resources say which wave they hold. frictionless validates the package
in the tests."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

# DuckDB's types as Table Schema's
TYPES = {"INTEGER": "integer", "BIGINT": "integer", "SMALLINT": "integer", "TINYINT": "integer",
         "HUGEINT": "integer", "DOUBLE": "number", "FLOAT": "number", "VARCHAR": "string", "BOOLEAN": "boolean",
         "DATE": "date", "TIMESTAMP": "datetime", "TIMESTAMP WITH TIME ZONE": "datetime"}
NAME = "ai-barometer"


def _has_nulls(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    (nulls,) = con.sql(f'select count(*) - count("{column}") from pub.marts."{table}"').fetchall()[0]
    return nulls > 0


def write_data_package(public: Path, warehouse: Path, folder: Path) -> Path:
    """Describe the Parquet files under folder (written by public.export_parquet) as a data package."""
    con = duckdb.connect()
    con.execute(f"attach '{public}' as pub (read_only)")
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    units = {(t, c): u for t, c, u in con.sql("select table_name, column_name, unit from "
                                             "wh.intermediate.int_published_columns where unit is not null").fetchall()}
    tables = {t: comment or "" for t, comment in con.sql(
        "select table_name, comment from duckdb_tables() where database_name = 'pub' order by table_name").fetchall()}
    columns: dict[str, list[dict]] = {}
    for table, column, data_type, comment in con.sql(
            "select table_name, column_name, data_type, comment from duckdb_columns() where database_name = 'pub' "
            "order by table_name, column_index").fetchall():
        field = {"name": column, "type": TYPES.get(data_type, "any"), "description": comment or ""}
        if field["type"] == "integer" and _has_nulls(con, table, column):
            # frictionless reads Parquet through pandas, where an integer column with empty cells turns
            # into floating point: typed number, so that the package validates; the values are whole
            field["type"] = "number"
            field["description"] += " (Whole numbers; typed number because the column has empty cells.)"
        if (table, column) in units:
            field["unit"] = units[(table, column)]
        columns.setdefault(table, []).append(field)
    con.close()
    resources = []
    for table, description in tables.items():
        single = folder / f"{table}.parquet"
        files = [single] if single.exists() else sorted((folder / table).glob("wave=*/*.parquet"))
        for path in files:
            wave = path.parent.name.split("=")[1] if path.parent.name.startswith("wave=") else None
            fields = [f for f in columns[table] if not (wave and f["name"] == "wave")]
            resources.append({
                "name": f"{table}-wave-{wave}".replace("_", "-") if wave else table.replace("_", "-"),
                "path": path.relative_to(folder).as_posix(), "format": "parquet", "title": table,
                "description": description + (f" Wave {wave} (the folder wave={wave}: Hive partitioning; the "
                                              f"files hold no wave column)." if wave else ""),
                **({"wave": int(wave)} if wave else {}),
                "schema": {"fields": fields}})
    package = {"name": NAME, "title": "AI-Barometer: AI adoption by Flemish firms (public estimates)",
               "description": "The public AI-Barometer warehouse as Parquet: estimates with their precision and "
                              "disclosure control, trends, comparisons, the fieldwork funnel, and the dimensions "
                              "and code lists that label them. Withheld estimates are empty.",
               "resources": resources}
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package, indent=1, ensure_ascii=False))
    return path
