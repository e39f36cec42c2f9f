"""The public database: the marts analysts and BI tools may share, and nothing else.

warehouse/ai_barometer_public.duckdb holds the models dbt declares public (`access: public`, each with an
enforced contract and listed by the public_database exposure; intermediate.int_published_columns lists
them with their columns, leaving out the publisher's own inputs, meta `published: false`) and nothing
else: no respondent-level rows, no raw, staging or intermediate schemas, no personal data. It withholds
every estimate disclosure control withholds (marts.fct_disclosure_decisions, the decision of
marts.fct_disclosure_control: fewer than 5 respondents, and the complementary cells that keep
those from being derived; value, interval, precision and a trend's change and significance set to null,
the flag and reason kept, CONF_STATUS C), keeps table and column descriptions as DuckDB
comments so BI tools show them, and is written in DuckDB's v1.4.0 storage format so that the 1.x
clients many BI tools bundle can open it. Beside every coded dimension (size class, NACE group, indicator,
population, breakdown value, ...) it adds <column>_order, the code's sort_order in marts.dim_code_lists, so
that a BI tool sorts size classes 5-9, 10-49, 50-249, 250+ instead of alphabetically. Its tables keep full
precision; the Parquet files (and the SDMX-CSV) round the columns whose meta declares decimals.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

STORAGE_VERSION = "v1.4.0"
SURFACE = "src.intermediate.int_published_columns"  # what dbt declares public, column by column
DISCLOSURE = "fct_disclosure_decisions"  # what disclosure control withholds, per estimate
KEYS = ("indicator", "population", "breakdown", "breakdown_value")
CODE_LISTS = "src.marts.dim_code_lists"
# the coded dimensions that get a sort-order column, with their code list (None: the row's breakdown names it)
ORDERED = {"indicator": "indicator", "population": "population", "population_a": "population",
           "population_b": "population", "nace_group": "nace_group", "size_class": "size_class",
           "stratum": "stratum", "breakdown": "breakdown", "breakdown_value": None, "value_a": None,
           "value_b": None, "quality_indicator": "quality_indicator"}


def public_tables(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[list[str], set[str]]]:
    """Per public table: its columns in order and those withheld where its estimate is withheld."""
    tables: dict[str, tuple[list[str], set[str]]] = {}
    for table, column, withheld in con.sql(f"select table_name, column_name, withheld_when_suppressed from "
                                           f"{SURFACE} order by table_name, column_position").fetchall():
        columns, hidden = tables.setdefault(table, ([], set()))
        columns.append(column)
        if withheld:
            hidden.add(column)
    return tables


def write_public(warehouse: Path, public: Path) -> list[str]:
    """Write the public database from a built warehouse; returns the tables it holds."""
    public.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as src (read_only)")
    con.execute(f"attach '{public}' as pub (storage_version '{STORAGE_VERSION}')")
    con.execute("create schema pub.marts")
    tables = public_tables(con)
    for table, (columns, withheld) in tables.items():
        select, orders = ordered_select(public_select(table, columns, withheld), columns)
        con.execute(f'create table pub.marts."{table}" as {select}')
        for column, code_list in orders.items():
            named = f"code list {code_list}" if code_list else "the code list the row's breakdown names"
            text = (f"Display order of {column}: the code's sort_order in marts.dim_code_lists ({named}). Sort "
                    f"{column} by it (size classes 5-9, 10-49, 50-249, 250+; NACE groups and indicators as the "
                    f"report lists them)." + (" Sort by breakdown_order first: the orders of different code "
                                              "lists interleave." if code_list is None else ""))
            con.execute(f'comment on column pub.marts."{table}"."{column}_order" is \'{sql_escape(text)}\'')
        (comment,) = con.sql(
            "select comment from duckdb_tables() where database_name = 'src' and schema_name = 'marts' "
            f"and table_name = '{table}'").fetchall()[0]
        if comment:
            con.execute(f"comment on table pub.marts.\"{table}\" is '{sql_escape(comment)}'")
        for column, text in con.sql(
            "select column_name, comment from duckdb_columns() where database_name = 'src' "
            f"and schema_name = 'marts' and table_name = '{table}' and comment is not null").fetchall():
            con.execute(f"comment on column pub.marts.\"{table}\".\"{column}\" is '{sql_escape(text)}'")
    con.execute("detach pub")
    con.close()
    return list(tables)


def public_select(table: str, columns: list[str], withheld_columns: set[str]) -> str:
    """The public rows of a mart. A table of estimates (it has the wave and the estimate's keys) is joined to
    disclosure control: where the estimate is withheld (or, for a trend or a comparison, either of its two
    estimates), the withheld columns are null, suppressed is true and suppression_reason says why."""
    if {"population_a", "value_a", "population_b", "value_b"} <= set(columns):  # a comparison of two estimates
        sides = {"d": ("t.wave", "t.population_a", "t.value_a"), "b": ("t.wave", "t.population_b", "t.value_b")}
    elif {"wave", *KEYS} <= set(columns):
        sides = {"d": ("t.wave", "t.population", "t.breakdown_value")}
        if "base_wave" in columns:  # a trend: withheld when either wave's estimate is
            sides["b"] = ("t.base_wave", "t.population", "t.breakdown_value")
    else:
        return f'select {", ".join(chr(34) + c + chr(34) for c in columns)} from src.marts."{table}"'
    joins, withheld, reasons = "", ["t.suppressed"] if "suppressed" in columns else [], []
    for alias, (wave, population, value) in sides.items():
        joins += (f" left join src.marts.{DISCLOSURE} as {alias} on {alias}.wave = {wave} and {alias}.indicator = "
                  f"t.indicator and {alias}.population = {population} and {alias}.breakdown = t.breakdown and "
                  f"{alias}.breakdown_value = {value}")
        withheld.append(f"coalesce({alias}.suppressed, false)")
        reasons.append(f"{alias}.suppression_reason")
    if "suppression_reason" in columns:
        reasons.append("t.suppression_reason")
    condition = "(" + " or ".join(withheld) + ")"
    select = []
    for c in columns:
        if c in withheld_columns:
            select.append(f'case when {condition} then null else t."{c}" end as "{c}"')
        elif c == "suppressed":
            select.append(f"{condition} as suppressed")
        elif c == "conf_status":  # Eurostat's CONF_STATUS: C wherever the public row is withheld
            select.append(f"case when {condition} then 'C' end as conf_status")
        elif c == "suppression_reason":
            select.append(f"case when {condition} then coalesce({', '.join(reasons)}) end as suppression_reason")
        else:
            select.append(f't."{c}"')
    return f'select {", ".join(select)} from src.marts."{table}" as t{joins}'


def ordered_select(select: str, columns: list[str]) -> tuple[str, dict[str, str | None]]:
    """The public rows with <column>_order after each coded dimension (ORDERED), from marts.dim_code_lists;
    returns the select and the ordered columns with their code list. A table with its own sort_order (a
    dimension or code list table) orders itself and gets none."""
    orders = {c: ORDERED[c] for c in columns if c in ORDERED} if "sort_order" not in columns else {}
    if any(code_list is None for code_list in orders.values()) and "breakdown" not in columns:
        orders = {c: code_list for c, code_list in orders.items() if code_list is not None}
    out, joins = [], []
    for n, c in enumerate(columns):
        out.append(f'p."{c}"')
        if c in orders:
            code_list = f"'{orders[c]}'" if orders[c] else 'p."breakdown"'
            joins.append(f'left join {CODE_LISTS} as o{n} on o{n}.code_list = {code_list} and o{n}.code = p."{c}"')
            out.append(f'o{n}.sort_order as "{c}_order"')
    if not orders:
        return select, {}
    return f"select {', '.join(out)} from ({select}) as p {' '.join(joins)}", orders


def sql_escape(text: str) -> str:
    """Text inside a SQL string literal ('...'): quotes doubled."""
    return text.replace("'", "''")


def published_decimals(warehouse: Path) -> dict[str, dict[str, int]]:
    """Per public table, the columns the exports round and to how many decimals (column meta decimals, read
    from the warehouse's intermediate.int_published_columns): the published precision."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.sql(f"select table_name, column_name, decimals from {SURFACE.removeprefix('src.')} "
                       "where decimals is not null").fetchall()
    finally:
        con.close()
    decimals: dict[str, dict[str, int]] = {}
    for table, column, places in rows:
        decimals.setdefault(table, {})[column] = places
    return decimals


def rounded(column: str, places: int | None) -> str:
    """A column as an export writes it: rounded to its published decimals, or whole."""
    return f'round("{column}", {places}) as "{column}"' if places is not None else f'"{column}"'


def export_parquet(public: Path, folder: Path, decimals: dict[str, dict[str, int]] | None = None) -> list[str]:
    """Parquet of every public table: Hive-partitioned per wave where the table has a wave
    (<folder>/<table>/wave=<w>/*.parquet), one file otherwise (<folder>/<table>.parquet: the dimensions and
    code lists). Columns in decimals are rounded to the published precision (the DuckDB file keeps them whole,
    for analysts who recompute)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    con = duckdb.connect(str(public), read_only=True)
    exported = []
    for table, columns in con.sql("select table_name, list(column_name order by column_index) from duckdb_columns() "
                                  "where schema_name = 'marts' group by all order by table_name").fetchall():
        has_wave = "wave" in columns
        places = (decimals or {}).get(table, {})
        target = folder / table if has_wave else folder / f"{table}.parquet"
        options = "format parquet, partition_by (wave)" if has_wave else "format parquet"
        select = ", ".join(rounded(c, places.get(c)) for c in columns)
        con.execute(f"copy (select {select} from marts.\"{table}\") to '{target}' ({options})")
        exported.append(table)
    con.close()
    return exported
