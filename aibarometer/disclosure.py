"""Secondary suppression: which published estimates to withhold besides those on fewer than 5 respondents.

A withheld estimate is not protected by its own absence. Its table publishes a total and the other cells
of its breakdown with their weighted counts, so with T = estimate x weighted_firms (the ratio's
numerator) the breakdown's cells add up to its total, and a lone withheld cell is T_total minus the
others, divided by its weighted count. The same holds across populations (all firms = adopters +
non-adopters, cell by cell) and across the indicators of one item (their counted codes split the same
respondents). This module, run by the dbt model fct_disclosure_control per wave and item:

- chooses complementary cells by an integer programme (scipy's HiGHS): every margin relation that holds
  a withheld cell holds at least two, at the least cost (the respondents behind the cells withheld, so
  small cells go first); the same cells are withheld for every indicator of the item, so that their codes
  cannot be played off against each other;
- audits the pattern as an attacker would: for every withheld value, the smallest and largest value it can
  take given every published value, respondent count and weighted count, the design weights of the
  strata and the bounds (0 to 100), by linear programming over the strata (attacker_ranges); a cell known
  to within PROTECTION points gets one more complement (a cut in the integer programme) until none is.

pytests/test_disclosure.py attacks the public database with its own solver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import highspy
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

PRIMARY = "fewer than 5 respondents"
SECONDARY = "complementary: withheld so that a withheld estimate cannot be derived from the published ones"
MIN_RESPONDENTS = 5
PROTECTION = 10.0  # points of 0-100: an attacker must not narrow a withheld value below this width
POPULATIONS = ("all_firms", "adopters", "non_adopters")


@dataclass
class Cell:
    """One published estimate of an item group: indicator x population x breakdown x value."""

    indicator: str
    population: str
    breakdown: str
    value: str
    estimate: float
    weighted_firms: float
    respondents: int

    @property
    def position(self) -> tuple[str, str, str]:
        return self.population, self.breakdown, self.value


def relations(positions: set[tuple[str, str, str]]) -> list[tuple[tuple[str, str, str], list[tuple[str, str, str]]]]:
    """The margin relations among an indicator's positions, as (whole, parts): a breakdown's values add up
    to the total of their population; adopters and non-adopters add up to all firms, position by position.
    A part that is not a position has no respondents (it is 0 and known), unless its population is not
    published at all for the item, which makes the relation hold an unknown and useless to an attacker."""
    found = []
    populations = {p for p, _, _ in positions}
    breakdowns = {b for _, b, _ in positions if b != "total"}
    for population in populations:
        whole = (population, "total", "all")
        for breakdown in breakdowns:
            parts = [pos for pos in positions if pos[0] == population and pos[1] == breakdown]
            if whole in positions and parts:
                found.append((whole, parts))
    if set(POPULATIONS) <= populations:
        for _, breakdown, value in {(None, b, v) for _, b, v in positions}:
            whole = ("all_firms", breakdown, value)
            parts = [pos for pos in (("adopters", breakdown, value), ("non_adopters", breakdown, value))
                     if pos in positions]
            if whole in positions and parts:
                found.append((whole, parts))
    return found


@dataclass(frozen=True)
class Stratum:
    nace_group: str
    size_class: str
    design_weight: float


def attacker_ranges(cells: list[Cell], withheld: set[tuple[str, str, str]], code_sets: dict[str, frozenset],
                    exhaustive: bool, strata: list[Stratum], stop_below: float | None = None
                    ) -> dict[tuple[str, tuple[str, str, str]], tuple[float, float]]:
    """For every withheld (indicator, position): the smallest and largest estimate (0-100) consistent with
    everything published. The attacker's unknowns, per stratum and adopter status: the respondents to the
    item (c; their weighted count is design weight x c) and per indicator the weighted sum of scores (u,
    0 <= u <= 100 x). Each published cell fixes sum(c) (respondents), sum(x) (weighted_firms) and, unless
    withheld, sum(u) (estimate x weighted_firms) over its strata and population. Indicators of the item share
    c; their counted codes tie their u together (disjoint codes: sum u <= 100 x, = when they cover every
    code; a code set inside another: u_sub <= u_super). With stop_below, it stops at the first withheld value
    whose range is narrower than that (the audit only needs one to add a complement)."""
    atoms = [(s, status) for s in range(len(strata)) for status in (0, 1)]
    indicators = sorted({c.indicator for c in cells})
    size = len(atoms) * (1 + len(indicators))
    weight = np.array([strata[s].design_weight for s, _ in atoms])

    def u(indicator: str) -> int:
        return len(atoms) * (1 + indicators.index(indicator))

    def members(position: tuple[str, str, str]) -> np.ndarray:
        population, breakdown, value = position
        statuses = {"all_firms": (0, 1), "adopters": (1,), "non_adopters": (0,)}[population]
        return np.array([status in statuses and (breakdown == "total" or value == getattr(strata[s], breakdown))
                         for s, status in atoms])

    eq, eq_rhs, ub, ub_rhs = [], [], [], []
    counted = set()
    for c in cells:
        inside = members(c.position)
        if c.position not in counted:
            counted.add(c.position)
            row = np.zeros(size)
            row[:len(atoms)] = inside
            eq.append(row)
            eq_rhs.append(c.respondents)
            row = np.zeros(size)
            row[:len(atoms)] = inside * weight
            eq.append(row)
            eq_rhs.append(c.weighted_firms)
        if c.position not in withheld:
            row = np.zeros(size)
            row[u(c.indicator):u(c.indicator) + len(atoms)] = inside
            eq.append(row)
            eq_rhs.append(c.estimate * c.weighted_firms)
    shares = [i for i in indicators if code_sets.get(i)]
    disjoint = [i for i in shares if all(not (code_sets[i] & code_sets[j]) for j in shares if j != i)]
    covering = exhaustive and len(disjoint) >= 2 and frozenset().union(*(code_sets[i] for i in disjoint)) == code_sets.get("*")
    for k in range(len(atoms)):
        for indicator in indicators:
            row = np.zeros(size)
            row[u(indicator) + k], row[k] = 1.0, -100.0 * weight[k]
            ub.append(row)
            ub_rhs.append(0.0)
        if len(disjoint) >= 2:
            row = np.zeros(size)
            row[[u(i) + k for i in disjoint]] = 1.0
            row[k] = -100.0 * weight[k]
            (eq if covering else ub).append(row)
            (eq_rhs if covering else ub_rhs).append(0.0)
        for a in shares:
            for b in shares:
                if code_sets[a] < code_sets[b]:
                    row = np.zeros(size)
                    row[u(a) + k], row[u(b) + k] = 1.0, -1.0
                    ub.append(row)
                    ub_rhs.append(0.0)
    # one HiGHS model for all the cell's programmes: only the objective changes between them, and each
    # solve starts from the last one's basis (scipy's linprog rebuilt the model every time: 60 s for a
    # 200-respondent wave, most of whose cells are withheld)
    matrix = sparse.csc_matrix(np.array(eq + ub))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = size, matrix.shape[0]
    lp.col_cost_ = np.zeros(size)
    lp.col_lower_, lp.col_upper_ = np.zeros(size), np.full(size, highspy.kHighsInf)
    lp.row_lower_ = np.array(eq_rhs + [-highspy.kHighsInf] * len(ub_rhs), dtype=float)
    lp.row_upper_ = np.array(eq_rhs + ub_rhs, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("presolve", "off")  # keeps the basis between solves (a hot start)
    solver.passModel(lp)
    ranges: dict[tuple[str, tuple[str, str, str]], tuple[float, float]] = {}
    current = np.array([], dtype=np.int32)
    for c in cells:
        if c.position not in withheld:
            continue
        columns = (u(c.indicator) + np.flatnonzero(members(c.position))).astype(np.int32)
        solver.changeColsCost(len(current), current, np.zeros(len(current)))
        solver.changeColsCost(len(columns), columns, np.ones(len(columns)))
        current = columns
        found = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            solver.changeObjectiveSense(sense)
            solver.run()
            if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"disclosure audit of {c.indicator} {c.position}: the published values admit "
                                   f"no solution ({solver.modelStatusToString(solver.getModelStatus())})")
            found.append(solver.getInfo().objective_function_value / c.weighted_firms)
        ranges[(c.indicator, c.position)] = (found[0], found[1])
        if stop_below is not None and found[1] - found[0] < stop_below:
            break
    return ranges


def suppression_pattern(cells: list[Cell], code_sets: dict[str, frozenset], exhaustive: bool,
                        strata: list[Stratum], max_rounds: int = 8
                        ) -> tuple[dict[tuple[str, str, str], str], dict[tuple[str, tuple[str, str, str]], tuple[float, float]]]:
    """The positions to withhold for one item group and why (PRIMARY or SECONDARY), with the attacker's range
    of every withheld value. After max_rounds of cuts (a tiny wave with many small cells), every position
    of the group is withheld: the safe answer, reached only where little could be published anyway."""
    respondents: dict[tuple[str, str, str], int] = {}
    for c in cells:
        respondents[c.position] = min(respondents.get(c.position, c.respondents), c.respondents)
    primary = {p for p, n in respondents.items() if n < MIN_RESPONDENTS}
    if not primary:
        return {}, {}
    positions = sorted(respondents)
    index = {p: i for i, p in enumerate(positions)}
    rels = relations(set(positions))
    rows, lower = [], []
    for whole, parts in rels:
        members = [whole] + parts
        for p in members:  # p withheld => another member withheld
            row = np.zeros(len(positions))
            for q in members:
                row[index[q]] += 1.0
            row[index[p]] -= 2.0
            rows.append(row)
            lower.append(0.0)
    cost = np.array([respondents[p] + 1.0 for p in positions])
    fixed_low = np.array([1.0 if p in primary else 0.0 for p in positions])
    for _ in range(max_rounds):
        constraints = [LinearConstraint(np.array(rows), np.array(lower), np.inf)] if rows else []
        result = milp(cost, integrality=np.ones(len(positions)), bounds=Bounds(fixed_low, np.ones(len(positions))),
                      constraints=constraints)
        if result.status != 0:
            raise RuntimeError(f"secondary suppression found no pattern: {result.message}")
        withheld = {p for p in positions if result.x[index[p]] > 0.5}
        ranges = attacker_ranges(cells, withheld, code_sets, exhaustive, strata, stop_below=PROTECTION)
        exposed = {key[1] for key, (low, high) in ranges.items() if high - low < PROTECTION}
        if not exposed:  # the probe went through every withheld value: these are their ranges
            return {p: PRIMARY if p in primary else SECONDARY for p in withheld}, ranges
        for p in sorted(exposed):  # a cut: one more withheld cell among p's relations (or anywhere)
            related = {q for whole, parts in rels if p in [whole] + parts for q in [whole] + parts} - withheld
            row = np.zeros(len(positions))
            for q in related or set(positions) - withheld:
                row[index[q]] = 1.0
            rows.append(row)
            lower.append(1.0)
    withheld = set(positions)
    ranges = attacker_ranges(cells, withheld, code_sets, exhaustive, strata)
    exposed = [key for key, (low, high) in ranges.items() if high - low < PROTECTION]
    if exposed:
        raise RuntimeError(f"secondary suppression cannot protect {exposed[:3]} even with every cell withheld")
    return {p: PRIMARY if p in primary else SECONDARY for p in withheld}, ranges
