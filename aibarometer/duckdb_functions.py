"""Statistical functions DuckDB lacks, registered on every connection dbt opens (dbt-duckdb plugin).

The estimates' confidence intervals need quantiles of Student's t and of the beta distribution
(Korn-Graubard). They are computed once per estimate, so plain scalar Python functions suffice.
"""

from __future__ import annotations

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import DOUBLE
from scipy import stats


def t_quantile(p: float | None, df: float | None) -> float | None:
    """Quantile p of Student's t with df degrees of freedom; null when df < 1 (no interval)."""
    if p is None or df is None or df < 1:
        return None
    return float(stats.t.ppf(p, df))


def beta_quantile(p: float | None, a: float | None, b: float | None) -> float | None:
    """Quantile p of Beta(a, b), with the Korn-Graubard limits Beta(0, b) = 0 and Beta(a, 0) = 1."""
    if p is None or a is None or b is None:
        return None
    if a <= 0:
        return 0.0
    if b <= 0:
        return 1.0
    return float(stats.beta.ppf(p, a, b))


def register(conn: duckdb.DuckDBPyConnection) -> None:
    for name, fn, args in (("t_quantile", t_quantile, [DOUBLE, DOUBLE]),
                           ("beta_quantile", beta_quantile, [DOUBLE, DOUBLE, DOUBLE])):
        conn.create_function(name, fn, args, DOUBLE, null_handling="special", side_effects=False)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register(conn)
