"""The statistical functions (aibarometer/quantiles.py) registered on every connection dbt opens to DuckDB
(dbt-duckdb plugin).

They are vectorised: DuckDB hands over a whole column chunk as Arrow arrays, scipy computes it in one
call. As scalar Python functions they cost about 50 microseconds a row, and the trend mart, whose rows grow
with the number of wave pairs, spent most of an append in them while holding the interpreter lock the other
dbt threads need.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import DOUBLE

from aibarometer.quantiles import FUNCTIONS


def _values(array: pa.Array) -> np.ndarray:
    """A column chunk as float64, null as NaN."""
    return array.to_numpy(zero_copy_only=False).astype(np.float64)


def _arrow(fn, arity: int):
    """fn over Arrow arrays, null as NaN both ways. DuckDB reads the arity from the signature: one
    wrapper per arity."""
    def result(*arrays: pa.Array) -> pa.Array:
        out = fn(*(_values(a) for a in arrays))
        return pa.array(out, mask=np.isnan(out))

    if arity == 2:
        return lambda a, b: result(a, b)
    return lambda a, b, c: result(a, b, c)


def register(conn: duckdb.DuckDBPyConnection) -> None:
    for name, (fn, arity) in FUNCTIONS.items():
        conn.create_function(name, _arrow(fn, arity), [DOUBLE] * arity, DOUBLE, type="arrow", null_handling="special",
                             side_effects=False)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register(conn)
