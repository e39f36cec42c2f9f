"""A Spark build's export, published as the DuckDB files a DuckDB build publishes.

`python -m aibarometer.spark build ... --export-marts DIR` (docs/spark.md) writes

    DIR/marts/<table>/*.parquet                       every table of the marts schema
    DIR/intermediate/int_published_columns/*.parquet  the public surface dbt declares
    DIR/manifest.json                                 dbt's: descriptions and contract types

assemble() makes a DuckDB database of those schemas from it: each column cast to the type its contract
declares (Spark's Parquet types are not DuckDB's: a Spark date, a decimal), each table and column commented
with its description, as dbt's persist_docs comments a DuckDB build. public.write_public and the exports
after it then run on that database as on a DuckDB build's, so the public database, its Parquet with the
data package and SDMX come out of the same code. `aibarometer publish-spark DIR` does this.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from aibarometer.public import sql_escape

SCHEMAS = ("marts", "intermediate")
MANIFEST = "manifest.json"


class ExportError(Exception):
    """The export folder is not what `aibarometer.spark build --export-marts` writes."""


def _models(manifest: dict) -> dict[tuple[str, str], dict]:
    """dbt's models by (schema, table) as the build named them."""
    return {(node["schema"], node.get("alias") or node["name"]): node for node in manifest["nodes"].values()
            if node["resource_type"] == "model"}


def _files(folder: Path) -> str:
    files = sorted(folder.glob("*.parquet"))
    if not files:
        raise ExportError(f"{folder}: no Parquet files (an export that did not finish?)")
    return "[" + ", ".join(f"'{sql_escape(str(f))}'" for f in files) + "]"


def assemble(export: Path, database: Path) -> list[str]:
    """Write database (replaced if it exists) from a Spark build's export; returns its tables as schema.table."""
    manifest_path = export / MANIFEST
    if not manifest_path.is_file():
        raise ExportError(f"{manifest_path}: missing (not a folder written by --export-marts?)")
    models = _models(json.loads(manifest_path.read_text(encoding="utf-8")))
    if not (export / "intermediate" / "int_published_columns").is_dir():
        raise ExportError(f"{export / 'intermediate' / 'int_published_columns'}: missing (the public surface)")
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    tables = []
    try:
        for schema in SCHEMAS:
            con.execute(f"create schema {schema}")
            for folder in sorted(p for p in (export / schema).iterdir() if p.is_dir()):
                node = models.get((schema, folder.name))
                if node is None:
                    raise ExportError(f"{folder}: no model {schema}.{folder.name} in {manifest_path}")
                _create(con, schema, folder, node)
                tables.append(f"{schema}.{folder.name}")
    finally:
        con.close()
    return tables


def _create(con: duckdb.DuckDBPyConnection, schema: str, folder: Path, node: dict) -> None:
    """One table: the columns in the order the model declares them (Spark writes the partition column, the
    wave, last), then any it does not declare; cast to the contract's type where it declares one; the
    model's descriptions as comments."""
    table = f'{schema}."{folder.name}"'
    source = f"read_parquet({_files(folder)})"
    written = con.sql(f"select * from {source} limit 0").columns
    declared = node.get("columns", {})
    columns = [c for c in declared if c in written] + [c for c in written if c not in declared]
    select = []
    for column in columns:
        data_type = (declared.get(column) or {}).get("data_type")
        select.append(f'cast("{column}" as {data_type}) as "{column}"' if data_type else f'"{column}"')
    con.execute(f"create table {table} as select {', '.join(select)} from {source}")
    if node.get("description"):
        con.execute(f"comment on table {table} is '{sql_escape(node['description'])}'")
    for column in columns:
        text = (declared.get(column) or {}).get("description")
        if text:
            con.execute(f'comment on column {table}."{column}" is \'{sql_escape(text)}\'')
