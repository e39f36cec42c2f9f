"""Statistical functions DuckDB lacks, registered on every connection dbt opens (dbt-duckdb plugin).

The estimates' confidence intervals need quantiles of Student's t and of the beta distribution
(Korn-Graubard); the domain comparisons, two-sided p-values of t. They are vectorised (DuckDB hands over a whole column chunk as Arrow arrays, scipy
computes it in one call): as scalar Python functions they cost about 50 microseconds a row, and the
trend mart, whose rows grow with the number of wave pairs, spent most of an append in them while
holding the interpreter lock the other dbt threads need.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import DOUBLE
from scipy import stats


def _values(array: pa.Array) -> np.ndarray:
    """A column chunk as float64, null as NaN."""
    return array.to_numpy(zero_copy_only=False).astype(np.float64)


def t_quantile(p: pa.Array, df: pa.Array) -> pa.Array:
    """Quantile p of Student's t with df degrees of freedom; null when df < 1 (no interval)."""
    p_, df_ = _values(p), _values(df)
    defined = ~np.isnan(p_) & (df_ >= 1)  # NaN >= 1 is False: a null df has no interval either
    out = np.full(len(p_), np.nan)
    out[defined] = stats.t.ppf(p_[defined], df_[defined])
    return pa.array(out, mask=~defined)


def t_two_sided_p(t: pa.Array, df: pa.Array) -> pa.Array:
    """Two-sided p-value of a t statistic with df degrees of freedom, 2 P(T > |t|); null when df < 1."""
    t_, df_ = _values(t), _values(df)
    defined = ~np.isnan(t_) & (df_ >= 1)
    out = np.full(len(t_), np.nan)
    out[defined] = 2 * stats.t.sf(np.abs(t_[defined]), df_[defined])
    return pa.array(out, mask=~defined)


def beta_quantile(p: pa.Array, a: pa.Array, b: pa.Array) -> pa.Array:
    """Quantile p of Beta(a, b), with the Korn-Graubard limits Beta(0, b) = 0 and Beta(a, 0) = 1."""
    p_, a_, b_ = _values(p), _values(a), _values(b)
    known = ~(np.isnan(p_) | np.isnan(a_) | np.isnan(b_))
    out = np.full(len(p_), np.nan)
    inner = known & (a_ > 0) & (b_ > 0)
    out[inner] = stats.beta.ppf(p_[inner], a_[inner], b_[inner])
    out[known & (a_ <= 0)] = 0.0
    out[known & (a_ > 0) & (b_ <= 0)] = 1.0
    return pa.array(out, mask=~known)


def register(conn: duckdb.DuckDBPyConnection) -> None:
    for name, fn, args in (("t_quantile", t_quantile, [DOUBLE, DOUBLE]),
                           ("t_two_sided_p", t_two_sided_p, [DOUBLE, DOUBLE]),
                           ("beta_quantile", beta_quantile, [DOUBLE, DOUBLE, DOUBLE])):
        conn.create_function(name, fn, args, DOUBLE, type="arrow", null_handling="special", side_effects=False)


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register(conn)
