"""Integer calibration: find counts whose weighted shares print as the report's figures.

Every published figure is a ratio of weighted counts, value = scale * num / den, where num and den
are linear in integer counts (den is often a constant). Because the target value is a constant,
"value rounds to the printed figure" is a pair of linear constraints,

    scale * num - (target + tol) * den <= 0   and   scale * num - (target - tol) * den >= 0,

so the whole calibration is a mixed-integer linear programme. Each target gets a binary 'miss'
variable that relaxes its rounding window (minimised first), and a hard window of +-0.5 that never
relaxes. Solved with HiGHS through scipy.optimize.milp, which is deterministic for a given input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

LinExpr = dict[int, float]
MISS_COST = 1000.0
HARD_WINDOW = 0.5


@dataclass
class Target:
    label: str
    num: LinExpr
    den: LinExpr
    den_const: float
    value: float
    decimals: int
    scale: float
    kind: str  # exact | below
    num_const: float = 0.0
    soft: bool = False  # known beforehand not to be exactly attainable: may miss, within +-0.5


@dataclass
class Problem:
    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    rows: list[tuple[LinExpr, float, float]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    # The priors' objective has an LP bound near zero, so a relative gap never closes: the search
    # stops after this many branch-and-bound nodes (deterministic, unlike a time limit).
    node_limit: int = 2000

    def var(self, lb: float, ub: float, integer: bool = True, cost: float = 0.0) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        self.cost.append(cost)
        return len(self.lb) - 1

    def constrain(self, coefs: LinExpr, lo: float, hi: float) -> None:
        self.rows.append((coefs, lo, hi))

    def _bound(self, expr: LinExpr, const: float = 0.0) -> float:
        return abs(const) + sum(abs(c) * max(abs(self.lb[v]), abs(self.ub[v])) for v, c in expr.items())

    def target(
        self,
        label: str,
        num: LinExpr,
        den: LinExpr | float,
        value: float,
        decimals: int = 1,
        scale: float = 100.0,
        kind: str = "exact",
        num_const: float = 0.0,
        soft: bool = False,
    ) -> None:
        """scale * (num + num_const) / den must print as `value` with `decimals` decimals
        (kind 'below': stay under value)."""
        den_expr, den_const = (dict(den), 0.0) if isinstance(den, dict) else ({}, float(den))
        self.targets.append(Target(label, dict(num), den_expr, den_const, value, decimals, scale, kind, num_const,
                                   soft))

    def _target_rows(self, t: Target, soft: bool) -> list[tuple[LinExpr, float, float]]:
        """Linear windows of one target; in soft mode adds its miss variable."""
        shift = t.scale * t.num_const  # a constant part of the numerator moves the window
        if t.kind == "below":
            return self._window(t, None, t.value - 0.05, None, 0.0, shift)
        tol = 0.5 * 10 ** (-t.decimals) * 0.98
        hard = (t.value - HARD_WINDOW * 0.98, t.value + HARD_WINDOW * 0.98)
        if not soft:
            return self._window(t, t.value - tol, t.value + tol, None, 0.0, shift)
        big = t.scale * self._bound(t.num) + abs(shift) + (t.value + 1) * self._bound(t.den, t.den_const)
        miss = self.var(0, 1, integer=True, cost=MISS_COST)
        return self._window(t, t.value - tol, t.value + tol, miss, big, shift) + self._window(
            t, hard[0], hard[1], None, 0.0, shift)

    @staticmethod
    def _window(t: Target, lo_val, hi_val, miss, big, shift) -> list[tuple[LinExpr, float, float]]:
        # lo*den <= scale*num + shift <= hi*den, each side relaxed by big*miss when miss is given
        rows = []
        for bound, sign in ((hi_val, -1.0), (lo_val, 1.0)):
            if bound is None:
                continue
            coefs = {v: t.scale * c for v, c in t.num.items()}
            for v, c in t.den.items():
                coefs[v] = coefs.get(v, 0.0) - bound * c
            if miss is not None:
                coefs[miss] = coefs.get(miss, 0.0) + sign * big
            rhs = bound * t.den_const - shift
            rows.append((coefs, -np.inf, rhs) if sign < 0 else (coefs, rhs, np.inf))
        return rows

    def prior(self, v: int, value: float, weight: float) -> None:
        """Penalise |x_v - value|: keeps uncalibrated detail near a plausible allocation."""
        d = self.var(0, np.inf, integer=False, cost=weight)
        self.rows.append(({d: 1.0, v: -1.0}, -value, np.inf))
        self.rows.append(({d: 1.0, v: 1.0}, value, np.inf))

    def prior_expr(self, expr: LinExpr, value: float, weight: float) -> None:
        """Penalise |expr - value| for a linear expression (e.g. b - p * a)."""
        d = self.var(0, np.inf, integer=False, cost=weight)
        up = {d: 1.0}
        dn = {d: 1.0}
        for v, c in expr.items():
            up[v] = up.get(v, 0.0) - c
            dn[v] = dn.get(v, 0.0) + c
        self.rows.append((up, -value, np.inf))
        self.rows.append((dn, value, np.inf))

    def solve(self, time_limit: float = 120.0, allow_misses: bool = True) -> np.ndarray:
        """Every figure exact if possible; otherwise (allow_misses) the fewest misses, each within +-0.5."""
        n_structural = len(self.lb)
        try:
            rows = [row for t in self.targets for row in self._target_rows(t, t.soft)]
            # Every figure must print exactly: any solution does, so the plausibility priors only
            # need to be roughly minimised.
            return self._solve(rows, time_limit, gap=0.5)[:n_structural]
        except RuntimeError as exc:
            if not allow_misses:
                raise
            if os.environ.get("AIB_MILP_DEBUG"):
                print(f"    exact attempt failed: {exc}", flush=True)
            del self.lb[n_structural:], self.ub[n_structural:], self.integer[n_structural:]
            del self.cost[n_structural:]
            rows = [row for t in self.targets for row in self._target_rows(t, True)]
            try:
                # Misses cost 1000 each: a tight gap keeps their number minimal.
                return self._solve(rows, time_limit, gap=1e-4)[:n_structural]
            finally:
                del self.lb[n_structural:], self.ub[n_structural:], self.integer[n_structural:]
                del self.cost[n_structural:]

    def _solve(self, target_rows, time_limit: float, gap: float) -> np.ndarray:
        n = len(self.lb)
        data, ri, ci, lo, hi = [], [], [], [], []
        for r, (coefs, a, b) in enumerate(self.rows + target_rows):
            for v, c in coefs.items():
                ri.append(r)
                ci.append(v)
                data.append(c)
            lo.append(a)
            hi.append(b)
        matrix = coo_matrix((data, (ri, ci)), shape=(len(self.rows) + len(target_rows), n)).tocsr()
        res = milp(
            c=np.array(self.cost),
            integrality=np.array(self.integer),
            bounds=Bounds(np.array(self.lb), np.array(self.ub)),
            constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
            options={"time_limit": time_limit, "disp": False, "mip_rel_gap": gap, "node_limit": self.node_limit},
        )
        if os.environ.get("AIB_MILP_DEBUG"):
            print(f"    {res.message} ({n} vars)", flush=True)
        if res.x is None:
            raise RuntimeError(f"calibration infeasible: {res.message}")
        x = np.where(np.array(self.integer) == 1, np.round(res.x), res.x)
        return x

    def missed(self, x: np.ndarray) -> set[str]:
        """Labels of exact targets whose achieved value does not print as the target."""
        out = set()
        for t, (label, value, achieved) in zip(self.targets, self.evaluate(x), strict=True):
            if t.kind == "exact" and abs(achieved - value) > 0.5 * 10 ** (-t.decimals):
                out.add(label)
        return out

    def evaluate(self, x: np.ndarray) -> list[tuple[str, float, float]]:
        """(label, target, achieved) for every target."""
        out = []
        for t in self.targets:
            num = t.num_const + sum(c * x[v] for v, c in t.num.items())
            den = t.den_const + sum(c * x[v] for v, c in t.den.items())
            out.append((t.label, t.value, t.scale * num / den if den else float("nan")))
        return out
