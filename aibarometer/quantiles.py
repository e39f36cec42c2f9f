"""The statistical functions the SQL calls and no engine has: quantiles of Student's t and of the beta
distribution (Korn-Graubard intervals) and two-sided t p-values, on numpy arrays (null as NaN). DuckDB gets
them as vectorised functions (aibarometer/duckdb_functions.py), Spark as pandas UDFs (aibarometer/spark.py):
one implementation, so both engines give the same numbers.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def t_quantile(p: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Quantile p of Student's t with df degrees of freedom; NaN (null) when df < 1 (no interval)."""
    defined = ~np.isnan(p) & (df >= 1)  # NaN >= 1 is False: a null df has no interval either
    out = np.full(len(p), np.nan)
    out[defined] = stats.t.ppf(p[defined], df[defined])
    return out


def t_two_sided_p(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Two-sided p-value of a t statistic with df degrees of freedom, 2 P(T > |t|); NaN when df < 1."""
    defined = ~np.isnan(t) & (df >= 1)
    out = np.full(len(t), np.nan)
    out[defined] = 2 * stats.t.sf(np.abs(t[defined]), df[defined])
    return out


def beta_quantile(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Quantile p of Beta(a, b), with the Korn-Graubard limits Beta(0, b) = 0 and Beta(a, 0) = 1."""
    known = ~(np.isnan(p) | np.isnan(a) | np.isnan(b))
    out = np.full(len(p), np.nan)
    inner = known & (a > 0) & (b > 0)
    out[inner] = stats.beta.ppf(p[inner], a[inner], b[inner])
    out[known & (a <= 0)] = 0.0
    out[known & (a > 0) & (b <= 0)] = 1.0
    return out


FUNCTIONS = {"t_quantile": (t_quantile, 2), "t_two_sided_p": (t_two_sided_p, 2), "beta_quantile": (beta_quantile, 3)}
