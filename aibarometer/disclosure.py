"""Disclosure control: which published estimates to withhold, and the audit that proves what is withheld
stays hidden from an attacker who knows the survey's design.

Primary suppression withholds an estimate on fewer than MIN_RESPONDENTS respondents. On its own it protects
nothing: a breakdown's cells add up to its total, adopters and non-adopters to all firms, and the design
weights N_h / n_h of every stratum are public (the report's Tables 1 and 2), so the other cells' published
values pin a lone withheld one. This module, run per wave and item group by the dbt model
fct_disclosure_control:

- chooses complementary cells (suppression_pattern) by an integer programme (scipy's milp, HiGHS): every
  margin relation that holds a withheld cell holds at least two, at the least cost (the respondents behind
  the cells withheld, so small cells go first and totals last); the same cells are withheld for every
  indicator of the item group, so that their codes cannot be played off against each other;
- audits the pattern (Attacker): for every withheld estimate, the smallest and largest value it can take
  given every published value. The attacker is given the composition of every cell, how many respondents
  of each stratum and adopter status it holds. That is what an attacker who treats respondent counts as
  whole numbers derives from the published counts and weighted counts with a mixed-integer programme
  (the weights are distinct fractions, so a weighted count names the strata behind it; pytests/
  test_disclosure.py does it), so the audit assumes it instead of hoping the attacker misses it: its
  intervals are never wider than an integer attacker's. Given the compositions, what remains unknown are the
  answers, and the attacker's programme in them is linear;
- enforces the protection rule: no withheld value may be narrowed to an interval of less than PROTECTION
  points of 0-100 (a sliding protection range, as tau-ARGUS calls it). A withheld cell the audit narrows
  further gets more complements until none is.

What the public files say about a withheld cell, and what the attacker is not given, is in
docs/precision.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

PRIMARY = "fewer than 5 respondents"
SECONDARY = "complementary: withheld so that a withheld estimate cannot be derived from the published ones"
MIN_RESPONDENTS = 5
PROTECTION = 10.0  # points of 0-100: an attacker must not narrow a withheld value below this width
POPULATIONS = ("all_firms", "adopters", "non_adopters")
Position = tuple[str, str, str]  # population, breakdown, breakdown value


@dataclass
class Cell:
    """One published estimate of an item group: indicator x population x breakdown x value."""

    indicator: str
    population: str
    breakdown: str
    value: str
    estimate: float
    respondents: int
    statistic: str = "pct"  # 'pct' (a share, 0-100) or 'mean_pct' (a mean of reported percentages)

    @property
    def position(self) -> Position:
        return self.population, self.breakdown, self.value


@dataclass(frozen=True)
class Atom:
    """The respondents to an item group in one stratum and adopter status (None: the group is published for
    all firms only, so the status splits nothing): the attacker's unit, whose size it knows."""

    nace_group: str
    size_class: str
    adopter: bool | None
    design_weight: float
    respondents: int

    def in_cell(self, position: Position) -> bool:
        population, breakdown, value = position
        if population == "adopters" and self.adopter is not True:
            return False
        if population == "non_adopters" and self.adopter is not False:
            return False
        return breakdown == "total" or value == {"nace_group": self.nace_group,
                                                 "size_class": self.size_class}[breakdown]


@dataclass
class Attacker:
    """The audit's attacker on one item group of one wave (the module docstring says what it knows).

    Variables, per atom k (a stratum and adopter status with c_k respondents to the group):
    - for the shares: n_kj, the respondents with answer code j; they add up to c_k when the item's option
      set is known (every respondent gave one of its codes), to at most c_k otherwise;
    - for each mean: s_k, the sum of the atom's reported percentages, 0 <= s_k <= 100 c_k.
    A share's weighted sum over a cell is sum_k w_k 100 sum_{j counted} n_kj; a mean's is sum_k w_k s_k; a
    published cell fixes it to estimate x weighted count (the weighted count being sum_k w_k c_k). The
    answers are real numbers here: docs/precision.md says what whole-number answer counts would add."""

    cells: list[Cell]
    atoms: list[Atom]
    code_sets: dict[str, frozenset]  # per share indicator its counted codes; "*" every code of the option set
    exhaustive: bool
    _members: dict[Position, np.ndarray] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.weight = np.array([a.design_weight for a in self.atoms])
        self.size = np.array([a.respondents for a in self.atoms], dtype=float)
        self.means = sorted({c.indicator for c in self.cells if c.statistic != "pct"})
        shares = {c.indicator for c in self.cells if c.statistic == "pct"}
        codes = set().union(*(self.code_sets[i] for i in shares)) if shares else set()
        if shares and self.exhaustive:
            codes |= self.code_sets["*"]
        self.codes = sorted(codes)
        k = len(self.atoms)
        self.n_columns = k * (len(self.codes) + len(self.means))
        for cell in self.cells:
            if cell.position not in self._members:
                self._members[cell.position] = np.flatnonzero([a.in_cell(cell.position) for a in self.atoms])
            if self.size[self._members[cell.position]].sum() != cell.respondents:
                raise ValueError(f"disclosure audit: cell {cell.indicator} {cell.position} has {cell.respondents} "
                                 "respondents but its strata hold "
                                 f"{self.size[self._members[cell.position]].sum():.0f}")

    def members(self, position: Position) -> np.ndarray:
        return self._members[position]

    def weighted_count(self, position: Position) -> float:
        return float((self.weight * self.size)[self.members(position)].sum())

    def _terms(self, cell: Cell) -> tuple[np.ndarray, np.ndarray]:
        """The columns and coefficients of a cell's weighted sum of answers (0-100 scale)."""
        members, k = self.members(cell.position), len(self.atoms)
        if cell.statistic == "pct":
            counted = [j for j, code in enumerate(self.codes) if code in self.code_sets[cell.indicator]]
            columns = np.array([j * k + m for j in counted for m in members], dtype=np.int32)
            return columns, np.tile(100.0 * self.weight[members], len(counted))
        start = k * (len(self.codes) + self.means.index(cell.indicator))
        return (start + members).astype(np.int32), self.weight[members]

    def _build(self) -> None:
        """The attacker's programme with a row per published cell (its weighted sum of answers fixed, within the
        published value's own rounding) and per atom (its answer codes add up to its respondents). Withholding a
        cell frees its row (ranges sets its bounds), so one model serves every pattern, each solve starting
        from the last one's basis."""
        k, n_codes = len(self.atoms), len(self.codes)
        rows, lower, upper = [], [], []
        self._row_of: dict[Position, list[int]] = {}
        for cell in self.cells:
            columns, values = self._terms(cell)
            target = cell.estimate * self.weighted_count(cell.position)
            tolerance = 1e-9 * abs(target) + 1e-7
            self._row_of.setdefault(cell.position, []).append(len(rows))
            rows.append((columns, values))
            lower.append(target - tolerance)
            upper.append(target + tolerance)
        for m in range(k if n_codes else 0):
            rows.append((np.array([j * k + m for j in range(n_codes)]), np.ones(n_codes)))
            lower.append(self.size[m] if self.exhaustive else 0.0)
            upper.append(self.size[m])
        self._lower, self._upper = np.array(lower, dtype=float), np.array(upper, dtype=float)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n_columns, len(rows)
        lp.col_cost_ = np.zeros(self.n_columns)
        lp.col_lower_ = np.zeros(self.n_columns)
        lp.col_upper_ = np.concatenate([np.tile(self.size, n_codes), 100.0 * np.tile(self.size, len(self.means))])
        matrix = sparse.csc_matrix(
            (np.concatenate([v for _, v in rows]),
             (np.concatenate([np.full(len(c), r) for r, (c, _) in enumerate(rows)]),
              np.concatenate([c for c, _ in rows]))),
            shape=(len(rows), self.n_columns))
        lp.row_lower_, lp.row_upper_ = self._lower.copy(), self._upper.copy()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
        self._solver = highspy.Highs()
        self._solver.setOptionValue("output_flag", False)
        self._solver.setOptionValue("presolve", "off")  # keeps the basis between solves (a hot start)
        self._solver.passModel(lp)
        self._freed: set[Position] = set()

    def _publish(self, withheld: set[Position]) -> None:
        """Set the rows' bounds for this pattern: a withheld cell's row free, a published one's fixed."""
        changed = [(p, True) for p in withheld - self._freed] + [(p, False) for p in self._freed - withheld]
        for position, free in changed:
            rows = np.array(self._row_of.get(position, []), dtype=np.int32)
            if len(rows):
                low = np.full(len(rows), -highspy.kHighsInf) if free else self._lower[rows]
                high = np.full(len(rows), highspy.kHighsInf) if free else self._upper[rows]
                self._solver.changeRowsBounds(len(rows), rows, low, high)
        self._freed = set(withheld)

    def ranges(self, withheld: set[Position], stop_below: float | None = None,
               targets: set[Position] | None = None) -> dict[tuple[str, Position], tuple[float, float]]:
        """For every withheld (indicator, position), or those of targets only: the smallest and largest estimate
        consistent with everything published. With stop_below, it stops at the first withheld value narrower
        than that."""
        if not hasattr(self, "_solver"):
            self._build()
        self._publish(withheld)
        solver = self._solver
        found: dict[tuple[str, Position], tuple[float, float]] = {}
        cost = np.zeros(self.n_columns)
        everything = np.arange(self.n_columns, dtype=np.int32)
        for cell in self.cells:
            if cell.position not in withheld or (targets is not None and cell.position not in targets):
                continue
            columns, values = self._terms(cell)
            cost[:] = 0.0
            cost[columns] = values
            solver.changeColsCost(self.n_columns, everything, cost)
            bounds = []
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                solver.changeObjectiveSense(sense)
                solver.run()
                status = solver.getModelStatus()
                if status != highspy.HighsModelStatus.kOptimal:
                    raise RuntimeError(f"disclosure audit of {cell.indicator} {cell.position}: the published values "
                                       f"admit no solution ({solver.modelStatusToString(status)})")
                bounds.append(solver.getInfo().objective_function_value / self.weighted_count(cell.position))
            found[(cell.indicator, cell.position)] = (bounds[0], bounds[1])
            if stop_below is not None and bounds[1] - bounds[0] < stop_below:
                break
        return found


def relations(positions: set[Position]) -> list[tuple[Position, list[Position]]]:
    """The margin relations among an indicator's positions, as (whole, parts): a breakdown's values add up
    to the total of their population; adopters and non-adopters add up to all firms, position by position.
    A part that is not a position has no respondents (it is 0 and known), unless its population is not
    published at all for the item, which makes the relation hold an unknown and useless to an attacker."""
    found = []
    populations = {p for p, _, _ in positions}
    breakdowns = {b for _, b, _ in positions if b != "total"}
    # the total is the one position of breakdown 'total', whatever its value is coded (macro total_member)
    totals = {p: (p, b, v) for p, b, v in positions if b == "total"}
    for population in populations:
        whole = totals.get(population)
        for breakdown in breakdowns:
            parts = [pos for pos in positions if pos[0] == population and pos[1] == breakdown]
            if whole and parts:
                found.append((whole, parts))
    if set(POPULATIONS) <= populations:
        for _, breakdown, value in {(None, b, v) for _, b, v in positions}:
            whole = ("all_firms", breakdown, value)
            parts = [pos for pos in (("adopters", breakdown, value), ("non_adopters", breakdown, value))
                     if pos in positions]
            if whole in positions and parts:
                found.append((whole, parts))
    return found


def suppression_pattern(cells: list[Cell], atoms: list[Atom], code_sets: dict[str, frozenset], exhaustive: bool
                        ) -> tuple[dict[Position, str], dict[tuple[str, Position], tuple[float, float]]]:
    """The positions to withhold for one item group and why (PRIMARY or SECONDARY), with the attacker's range
    of every withheld value.

    1. An integer programme picks the cheapest pattern (a cell costs its respondents, so small cells go first
       and totals last) in which every margin relation holding a withheld cell holds two, with every cell
       in `forced` withheld (at first the primary ones).
    2. The audit attacks it. For the first withheld value it narrows below PROTECTION, the cells sharing its
       strata or a margin relation with it are tried, cheapest first, as one more forced cell with the
       partners step 1 then adds: the first that protects the value is forced (or, if none does, the one
       that widens it most per respondent withheld), and the audit runs again. Each round forces one more
       cell, so this ends.
    3. Cleaning: a complement the pattern can do without (margins still paired, every value still
       protected) is published after all, the dearest first."""
    respondents: dict[Position, int] = {}
    for c in cells:
        respondents[c.position] = min(respondents.get(c.position, c.respondents), c.respondents)
    primary = {p for p, n in respondents.items() if n < MIN_RESPONDENTS}
    if not primary:
        return {}, {}
    attacker = Attacker(cells, atoms, code_sets, exhaustive)
    positions = sorted(respondents)
    patterns = Patterns(positions, relations(set(positions)), {p: respondents[p] + 1.0 for p in positions})
    bounding = bounding_cells(patterns, attacker)
    withheld = _protect(primary, patterns, attacker, bounding)
    withheld = _clean(withheld, primary, patterns, attacker)
    return {p: PRIMARY if p in primary else SECONDARY for p in withheld}, attacker.ranges(withheld)


class Patterns:
    """Step 1 of suppression_pattern for one item group: the cheapest pattern (a cell costs its respondents
    + 1) in which every margin relation holding a withheld cell holds at least two, with the forced cells
    withheld; an integer programme per set of forced cells, each solved once."""

    def __init__(self, positions: list[Position], rels: list[tuple[Position, list[Position]]],
                 cost: dict[Position, float]):
        self.positions, self.rels, self.cost = positions, rels, cost
        self.index = {p: i for i, p in enumerate(positions)}
        rows = []
        for whole, parts in rels:
            members = [whole] + parts
            for p in members:  # p withheld => another member withheld
                row = np.zeros(len(positions))
                for q in members:
                    row[self.index[q]] += 1.0
                row[self.index[p]] -= 2.0
                rows.append(row)
        self.constraints = [LinearConstraint(np.array(rows), 0.0, np.inf)] if rows else []
        self._found: dict[frozenset, set[Position]] = {}

    def cheapest(self, forced: set[Position]) -> set[Position]:
        key = frozenset(forced)
        if key not in self._found:
            self._found[key] = self._solve(forced)
        return set(self._found[key])

    def _solve(self, forced: set[Position]) -> set[Position]:
        positions = self.positions
        low = np.array([1.0 if p in forced else 0.0 for p in positions])
        result = milp(np.array([self.cost[p] for p in positions]), integrality=np.ones(len(positions)),
                      bounds=Bounds(low, np.ones(len(positions))), constraints=self.constraints)
        if result.status != 0:
            raise RuntimeError(f"secondary suppression found no pattern: {result.message}")
        return {p for p in positions if result.x[self.index[p]] > 0.5}

    def paired(self, withheld: set[Position]) -> bool:
        return all(len(withheld & set([whole] + parts)) != 1 for whole, parts in self.rels)

    def cheapest_first(self, candidates: set[Position], dearest_first: bool = False) -> list[Position]:
        return sorted(candidates, key=lambda q: (-self.cost[q] if dearest_first else self.cost[q], q))


def narrowest(ranges: dict[tuple[str, Position], tuple[float, float]]) -> float:
    return min((high - low for low, high in ranges.values()), default=np.inf)


def bounding_cells(patterns: Patterns, attacker: Attacker) -> dict[Position, set[Position]]:
    """The cells whose published values bound a cell's answers: those sharing a stratum (and status) with it,
    and those it adds up with in a margin relation (a partner too small to hide it is replaced by another)."""
    positions = patterns.positions
    strata = {p: set(attacker.members(p)) for p in positions}
    bounding = {p: {q for q in positions if q != p and strata[p] & strata[q]} for p in positions}
    for whole, parts in patterns.rels:
        for p in [whole] + parts:
            bounding[p] |= set([whole] + parts) - {p}
    return bounding


def _protect(primary: set[Position], patterns: Patterns, attacker: Attacker,
             bounding: dict[Position, set[Position]]) -> set[Position]:
    """Step 2: the cheapest pattern with the primary cells, then one more forced complement per round for the
    first withheld value the audit narrows below PROTECTION, until none is."""
    forced = set(primary)
    withheld = patterns.cheapest(forced)
    for _ in range(len(patterns.positions) + 1):
        ranges = attacker.ranges(withheld, stop_below=PROTECTION)
        exposed = [key[1] for key, (low, high) in ranges.items() if high - low < PROTECTION]
        if not exposed:
            return withheld
        q, withheld = _complement(exposed[0], withheld, forced, patterns, attacker, bounding)
        forced.add(q)
    raise RuntimeError("secondary suppression did not converge")


def _complement(p: Position, withheld: set[Position], forced: set[Position], patterns: Patterns,
                attacker: Attacker, bounding: dict[Position, set[Position]]) -> tuple[Position, set[Position]]:
    """The cell to force for exposed position p, with the pattern it brings: of the cells bounding p (or any
    cell, if none is left), cheapest first, the first that protects p, else the one that widens p's range
    most per respondent withheld."""
    candidates = patterns.cheapest_first(bounding[p] - withheld) or \
        patterns.cheapest_first(set(patterns.positions) - withheld)
    if not candidates:
        raise RuntimeError(f"secondary suppression cannot protect {p} even with every cell withheld")
    before = narrowest(attacker.ranges(withheld, targets={p}))
    spent = sum(patterns.cost[q] for q in withheld)
    best = None
    for q in candidates:  # cheapest first, each with the partners its margins then need
        trial = patterns.cheapest(forced | {q})
        width = narrowest(attacker.ranges(trial, targets={p}))
        if width >= PROTECTION:
            return q, trial
        gain = (width - before) / max(sum(patterns.cost[r] for r in trial) - spent, 1.0)
        if best is None or gain > best[2]:
            best = (q, trial, gain)
    return best[0], best[1]


def _clean(withheld: set[Position], primary: set[Position], patterns: Patterns, attacker: Attacker) -> set[Position]:
    """Step 3: a complement the pattern can do without (margins still paired, every value still protected)
    is published after all, the dearest first."""
    for q in patterns.cheapest_first(withheld - primary, dearest_first=True):
        trial = withheld - {q}
        if patterns.paired(trial) and narrowest(attacker.ranges(trial, stop_below=PROTECTION)) >= PROTECTION:
            withheld = trial
    return withheld
