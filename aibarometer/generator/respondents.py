"""Usable respondents of a calibrated wave: answers whose weighted estimates print as the report's.

Each section is solved as an integer programme over cells (stratum, or stratum x adopter status):
how many respondents of a cell give each answer. The published figures are the targets; where the
report prints nothing, a plausible allocation (documented per section below, not calibrated) is the
prior that the solver stays close to. Counts are then given to individual respondents at random
within their cell, so every figure computed from the respondents equals the solved counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from aibarometer.generator.milp import Problem
from aibarometer.generator.reference import TECHS, Reference, Stratum

MISSING = np.nan
PRIOR = 0.02  # weight of the plausibility priors, far below a missed figure (1000)

# Assumed shares (%) for knowledge items the report does not print: (no lack, some lack, great lack).
# The report says non-adopters lack every kind of knowledge more than adopters, and that 65.1% of
# non-adopters lack basic data analytics badly while "for other kinds the proportion is higher".
KNOWLEDGE_ASSUMED = {
    "adopters": {
        "legal_ethical_aspects": (20.0, 29.1, 50.9),
        "ai_landscape": (22.0, 30.8, 47.2),
        "translate_business_needs_to_specs": (25.0, 31.9, 43.1),
        "assess_technical_feasibility": (42.4, 14.3, 43.3),
        "basic_data_analytics": (40.0, 30.0, 30.0),
        "technical_ai": (25.0, 30.0, 45.0),
        "assess_profitability": (25.0, 35.0, 40.0),
    },
    "non_adopters": {
        "legal_ethical_aspects": (8.0, 20.0, 72.0),
        "ai_landscape": (7.0, 18.0, 75.0),
        "translate_business_needs_to_specs": (8.0, 20.0, 72.0),
        "assess_technical_feasibility": (7.0, 19.0, 74.0),
        "basic_data_analytics": (10.0, 24.9, 65.1),
        "technical_ai": (5.0, 17.0, 78.0),
        "assess_profitability": (8.0, 22.0, 70.0),
    },
}
# Assumed (participated, knows but did not participate) for initiatives beyond the printed one.
INITIATIVES_ASSUMED = {
    "vlaio_ai_projects": (1.5, 12.0),
    "flanders_ai_academy": (0.8, 8.0),
    "ai_research_program": (0.5, 6.0),
    "knowledge_centre_data_society": (0.7, 9.0),
}
# Assumed shares of the two 'adapted in-house' sources among firms that adapted anything.
ADAPTED_COMMERCIAL_SHARE = 0.75
ADAPTED_OPEN_SOURCE_SHARE = 0.45
# Relative propensities from the report's text (impact, sources), applied as priors only.
SIZE_LIFT = {"5-9": 0.8, "10-49": 0.9, "50-249": 1.25, "250+": 1.4}
IMPACT_SECTOR_LIFT = {
    "impact_new_products": {"77-82;95.1": 1.4, "58-63": 1.4, "68-75": 1.3, "35-39": 0.4, "55-56": 0.4, "41-43": 0.5},
    "impact_process_quality": {"77-82;95.1": 1.3, "68-75": 1.3, "35-39": 0.5, "41-43": 0.6},
    "impact_cost_reduced": {"58-63": 1.3, "10-33": 1.25, "35-39": 0.4, "41-43": 0.5},
}


@dataclass
class CalibratedWave:
    """Usable respondents (one row per index) with every questionnaire item, and the solver's report."""

    stratum: np.ndarray
    answers: dict[str, np.ndarray]
    targets: list[tuple[str, str, float, float]] = field(default_factory=list)


class Calibrator:
    def __init__(self, ref: Reference, rng: np.random.Generator):
        self.ref = ref
        self.rng = rng
        self.strata = ref.strata
        self.population = sum(s.population for s in self.strata)
        self.stratum = np.concatenate([np.full(s.usable, s.index) for s in self.strata])
        self.weight = np.array([self.strata[h].weight for h in self.stratum])
        self.n = len(self.stratum)
        self.answers: dict[str, np.ndarray] = {}
        self.targets: list[tuple[str, str, float, float]] = []

    # -- helpers -------------------------------------------------------------------------------
    def domains(self) -> Iterable[tuple[str, str, list[Stratum]]]:
        yield "total", "all", self.strata
        for g in self.ref.nace_groups:
            yield "nace_group", g, [s for s in self.strata if s.nace_group == g]
        for c in self.ref.size_classes:
            yield "size_class", c, [s for s in self.strata if s.size_class == c]

    def members(self, h: int, mask: np.ndarray | None = None) -> np.ndarray:
        sel = self.stratum == h
        if mask is not None:
            sel &= mask
        return np.flatnonzero(sel)

    def solve(self, stage: str, problem: Problem) -> np.ndarray:
        x = problem.solve()
        for label, target, achieved in problem.evaluate(x):
            self.targets.append((stage, label, target, achieved))
        return x

    def pick(self, idx: np.ndarray, k: int) -> np.ndarray:
        """k of the given respondents, at random (deterministic under the generator's seed)."""
        return self.rng.permutation(idx)[:k] if k > 0 else idx[:0]

    def subset(self, mask: np.ndarray, size: int) -> np.ndarray:
        """A random subset of `size` respondents among mask: item non-response down to a printed base."""
        keep = np.zeros(self.n, dtype=bool)
        keep[self.pick(np.flatnonzero(mask), size)] = True
        return keep

    def blank(self, item: str) -> np.ndarray:
        arr = np.full(self.n, MISSING)
        self.answers[item] = arr
        return arr

    def fig(self, indicator: str, population: str = "all_firms", breakdown: str = "total", value: str = "all"):
        f = self.ref.figure(indicator, population, breakdown, value)
        return f if f is not None and f.value is not None else None

    # -- adoption --------------------------------------------------------------------------------
    def adoption(self) -> None:
        """Tables 3 and 4, Figures 1-3. Solved per technology (Tables 3, 4 and Figure 2), then the number
        of technologies per respondent (Figure 1) under Gale-Ryser conditions, so that the counts can be
        realised by individual respondents."""
        u = np.zeros((len(self.strata), len(TECHS)), dtype=int)
        for t, tech in enumerate(TECHS):
            P = Problem()
            var = {s.index: P.var(0, s.usable) for s in self.strata}
            total = self.fig(f"uses_{tech}")
            for breakdown, value, members in self.domains():
                f = self.fig(f"uses_{tech}", "all_firms", breakdown, value)
                if f is None:
                    continue
                den = sum(s.population for s in members)
                P.target(f"uses_{tech} all_firms {breakdown}={value}", {var[s.index]: s.weight for s in members},
                         den, f.value, f.decimals)
            # prior: a stratum's share follows its sector's and size class's (independence model)
            for s in self.strata:
                g = self.fig(f"uses_{tech}", "all_firms", "nace_group", s.nace_group)
                c = self.fig(f"uses_{tech}", "all_firms", "size_class", s.size_class)
                share = min(0.95, g.value * c.value / total.value / 100)
                P.prior(var[s.index], share * s.usable, PRIOR)
            x = self.solve("adoption", P)
            u[:, t] = [int(x[var[s.index]]) for s in self.strata]

        answering = self.solve_applications(u)
        P = Problem()
        m = {(s.index, k): P.var(0, s.usable, cost=0.001 * k) for s in self.strata for k in range(8)}
        subsets = [[t for t in range(len(TECHS)) if mask >> t & 1] for mask in range(1, 2 ** len(TECHS))]
        for s in self.strata:
            h = s.index
            P.constrain({m[h, k]: 1 for k in range(8)}, s.usable, s.usable)
            P.constrain({m[h, k]: float(k) for k in range(1, 8)}, u[h].sum(), u[h].sum())
            # Gale-Ryser: any j technologies are used at most sum_i min(k_i, j) times
            for subset in subsets:
                j = len(subset)
                P.constrain({m[h, k]: -float(min(k, j)) for k in range(1, 8)}, -np.inf, -float(u[h, subset].sum()))
        counts = {
            "uses_any_ai": range(1, 8), "uses_1_technology": [1], "uses_2_technologies": [2],
            "uses_3_technologies": [3], "uses_4plus_technologies": range(4, 8), "non_adopter": [0],
        }
        for indicator, ks in counts.items():
            f = self.fig(indicator)
            P.target(f"{indicator} all_firms total=all", {m[s.index, k]: s.weight for s in self.strata for k in ks},
                     self.population, f.value, f.decimals)
        # Table 5 pins down, in small sectors, which strata the adopters come from: the stratum must
        # have at least as many adopters as the applications question needs there.
        for s in self.strata:
            P.constrain({m[s.index, k]: 1.0 for k in range(1, 8)}, answering[s.index], np.inf)
        x = self.solve("adoption", P)
        m = {key: int(x[v]) for key, v in m.items()}

        uses = np.zeros((self.n, len(TECHS)), dtype=bool)
        for s in self.strata:
            idx = self.rng.permutation(self.members(s.index))
            degrees = np.concatenate([np.full(m[s.index, k], k) for k in range(8)])
            remaining = u[s.index].copy()
            # Havel-Hakimi style: most-using respondents take the most-used technologies first.
            for i, k in zip(idx, sorted(degrees, reverse=True), strict=True):
                if k == 0:
                    continue
                order = sorted(range(len(TECHS)), key=lambda t: (-remaining[t], t))[:k]
                if remaining[order[-1]] <= 0:
                    raise RuntimeError(f"stratum {s.nace_group} x {s.size_class}: technology counts not realisable")
                for t in order:
                    uses[i, t] = True
                    remaining[t] -= 1
            assert remaining.sum() == 0
        self.is_adopter = uses.any(axis=1)
        self.plans(uses)

    def plans(self, uses: np.ndarray) -> None:
        """Plans to use a technology next year: by non-adopters (at least one plan each) and adopters."""
        P = Problem()
        adopter = self.is_adopter
        q, pn, pa = {}, {}, {}
        for s in self.strata:
            h = s.index
            non = len(self.members(h, ~adopter))
            q[h] = P.var(0, non)
            for t in range(len(TECHS)):
                free = len(self.members(h, adopter & ~uses[:, t]))
                pn[h, t] = P.var(0, non)
                pa[h, t] = P.var(0, free, cost=0.01)
                P.constrain({pn[h, t]: 1.0, q[h]: -1.0}, -np.inf, 0)
            row = {pn[h, t]: 1.0 for t in range(len(TECHS))}
            row[q[h]] = -1.0
            P.constrain(row, 0, np.inf)
        for t, tech in enumerate(TECHS):
            used = sum(s.weight * uses[self.members(s.index), t].sum() for s in self.strata)
            plan_expr = {pn[s.index, t]: s.weight for s in self.strata}
            plan_expr.update({pa[s.index, t]: s.weight for s in self.strata})
            f = self.fig(f"plans_{tech}")
            if f:
                P.target(f"plans_{tech}", plan_expr, self.population, f.value, f.decimals)
            f = self.fig(f"potential_{tech}")
            if f:
                # potential = uses (fixed) + plans
                P.target(f"potential_{tech}", plan_expr, self.population, f.value, f.decimals, num_const=used)
        f = self.fig("non_adopter_plans_next_year")
        P.target("non_adopter_plans_next_year", {q[s.index]: s.weight for s in self.strata}, self.population,
                 f.value, f.decimals)
        x = self.solve("adoption", P)

        plans = np.zeros_like(uses)
        for s in self.strata:
            h = s.index
            planners = self.pick(self.members(h, ~adopter), int(x[q[h]]))
            tokens = [t for t in range(len(TECHS)) for _ in range(int(x[pn[h, t]]))]
            for j, t in enumerate(tokens):  # round robin: every planner gets at least one, none twice
                plans[planners[j % len(planners)], t] = True
            for t in range(len(TECHS)):
                plans[self.pick(self.members(h, adopter & ~uses[:, t]), int(x[pa[h, t]])), t] = True
        for t, tech in enumerate(TECHS):
            self.answers[f"tech_{tech}"] = np.where(uses[:, t], 1.0, np.where(plans[:, t], 2.0, 3.0))

    # -- generic per-cell counts for items with few printed figures -------------------------------
    def cells(self, answered: np.ndarray, by_status: bool = True):
        """(stratum, status, respondents) cells of answering respondents."""
        statuses = (("adopters", self.is_adopter), ("non_adopters", ~self.is_adopter)) if by_status else (
            ("adopters", self.is_adopter),)
        for s in self.strata:
            for status, mask in statuses:
                idx = self.members(s.index, answered & mask)
                if len(idx):
                    yield s, status, idx

    def categorical(
        self,
        stage: str,
        item: str,
        answered: np.ndarray,
        codes: list[int],
        shares: dict[str, list[float]],
        printed: dict[tuple[str, str, str, str], tuple[int, ...]],
        lift=None,
        by_status: bool = True,
    ) -> None:
        """Counts per cell and answer code: printed figures as targets, assumed shares as priors.

        shares: population -> assumed % per code (priors); printed: (indicator, population,
        breakdown, value) -> the codes the indicator counts. lift(stratum, code) scales a prior.
        """
        P = Problem()
        cells = list(self.cells(answered, by_status))
        var = {}
        for ci, (s, status, idx) in enumerate(cells):
            for code in codes[:-1]:
                var[ci, code] = P.var(0, len(idx))
            P.constrain({var[ci, code]: 1.0 for code in codes[:-1]}, 0, len(idx))
            for j, code in enumerate(codes[:-1]):
                share = shares[status][j] / 100 * (lift(s, code) if lift else 1.0)
                P.prior(var[ci, code], min(share, 1.0) * len(idx), PRIOR)
        for (indicator, population, breakdown, value), counted in printed.items():
            f = self.fig(indicator, population, breakdown, value)
            if f is None:
                continue
            in_domain = [
                (ci, s, idx) for ci, (s, status, idx) in enumerate(cells)
                if (population == "all_firms" or status == population)
                and (breakdown == "total" or getattr(s, breakdown) == value)
            ]
            den = sum(s.weight * len(idx) for _, s, idx in in_domain)
            num: dict[int, float] = {}
            const = 0.0
            for ci, s, idx in in_domain:
                for code in counted:
                    if code == codes[-1]:  # the last code is the remainder: n - the others
                        const += s.weight * len(idx)
                        for other in codes[:-1]:
                            num[var[ci, other]] = num.get(var[ci, other], 0.0) - s.weight
                    else:
                        num[var[ci, code]] = num.get(var[ci, code], 0.0) + s.weight
            label = f"{indicator} {population} {breakdown}={value}"
            P.target(label, num, den, f.value, f.decimals, num_const=const)
        x = self.solve(stage, P)
        arr = self.blank(item)
        for ci, (_, _, idx) in enumerate(cells):
            idx = self.rng.permutation(idx)
            start = 0
            for code in codes[:-1]:
                k = int(x[var[ci, code]])
                arr[idx[start:start + k]] = code
                start += k
            arr[idx[start:]] = codes[-1]

    def yes_no(self, stage: str, item: str, answered: np.ndarray, assumed: dict[str, float], printed, lift=None,
               by_status: bool = True) -> None:
        self.categorical(stage, item, answered, [1, 0], {k: [v] for k, v in assumed.items()},
                         {key: (1,) for key in printed}, lift, by_status)

    # -- sections ---------------------------------------------------------------------------------
    def barriers(self) -> None:
        answered = self.subset(np.ones(self.n, dtype=bool), self.ref.base("barrier_limited_usefulness", "adopters"))
        for item in [k for k in self.codebook_items("barriers")]:
            ind = item
            assumed = {p: self.fig(ind, p).value for p in ("adopters", "non_adopters")}
            self.yes_no("barriers", item, answered, assumed, [(ind, p, "total", "all") for p in assumed])

    def knowledge(self) -> None:
        base = self.ref.base("great_lack_ai_landscape", "adopters")
        answered = self.subset(np.ones(self.n, dtype=bool), base)
        for topic in KNOWLEDGE_ASSUMED["adopters"]:
            shares = {p: list(KNOWLEDGE_ASSUMED[p][topic]) for p in ("adopters", "non_adopters")}
            printed = {}
            for prefix, code in (("no_lack", 1), ("some_lack", 2), ("great_lack", 3)):
                for p in ("adopters", "non_adopters"):
                    key = (f"{prefix}_{topic}", p, "total", "all")
                    if self.fig(*key):
                        printed[key] = (code,)
            # codes ordered so the remainder is 'some lack', the one the report never prints
            self.categorical("knowledge", f"knowledge_{topic}", answered, [1, 3, 2],
                             {p: [v[0], v[2]] for p, v in shares.items()}, printed)

    def solve_applications(self, u: np.ndarray) -> dict[int, int]:
        """Table 5 and Figure 6, given the technology counts: how many adopters of each stratum answer
        the applications question (at most the stratum's possible adopters) and use each application.

        Solved in two levels, because one joint programme is too hard for HiGHS: each sector's row of
        Table 5 gives candidate solutions for a range of answering counts (fewest and most weighted
        firms for each count); a master programme picks one candidate per sector so that the counts
        add up to the printed base and the mix of sectors reproduces Figure 6's totals."""
        base = self.ref.base("applies_ict_security", "adopters")
        apps = self.codebook_items("applications")
        max_adopters = {s.index: min(s.usable, int(u[s.index].sum())) for s in self.strata}
        share = base / sum(max_adopters.values())
        groups = self.ref.nace_groups
        expected = [round(share * sum(max_adopters[s.index] for s in self.strata if s.nace_group == g)) for g in groups]
        # Sectors are independent here: two processes halve the wall time; results do not depend on it.
        with ProcessPoolExecutor(max_workers=2) as pool:
            found = list(pool.map(self.sector_candidates, groups, [max_adopters] * len(groups), expected))
        candidates = dict(zip(groups, found, strict=True))
        rows = {g: self.sector_applications([s for s in self.strata if s.nace_group == g], max_adopters, apps)[0]
                for g in groups}
        M = Problem()
        z = {}
        for g, found in candidates.items():
            for c, cand in enumerate(found):
                z[g, c] = M.var(0, 1)
                cand["den"] = sum(self.strata[h].weight * k for h, k in cand["a"].items())
            M.constrain({z[g, c]: 1.0 for c in range(len(found))}, 1, 1)
        M.constrain({v: float(candidates[g][c]["count"]) for (g, c), v in z.items()}, base, base)
        # Every answering adopter is an adopter, and every technology user too: the adopters these
        # force must leave Figure 1's share of adopters (23.2%) reachable.
        any_ai = self.fig("uses_any_ai")
        least = {
            v: sum(s.weight * max(candidates[g][c]["a"].get(s.index, 0), int(u[s.index].max()))
                   for s in self.strata if s.nace_group == g)
            for (g, c), v in z.items()
        }
        M.constrain(least, 0, (any_ai.value + 0.045) / 100 * self.population)
        den = {v: candidates[g][c]["den"] for (g, c), v in z.items()}
        for j, item in enumerate(apps):
            ind = "applies_" + item.removeprefix("app_")
            num = {v: sum(self.strata[h].weight * k for (h, jj), k in candidates[g][c]["b"].items() if jj == j)
                   for (g, c), v in z.items()}
            f = self.ref.figure(ind, "adopters")
            if f is not None and f.value is not None:
                # Figure 6 and Table 5 disagree: no mix of the sector rows gives all six printed totals
                # (one always misses, by less than 0.5), so the totals may miss.
                M.target(f"{ind} adopters total=all", num, den, f.value, f.decimals, soft=True)
            elif f is not None and f.text.startswith("<"):
                M.target(f"{ind} adopters total<{f.text[1:]}", num, den, float(f.text[1:]), kind="below")
        x = self.solve("applications", M)
        answering, uses = {}, {}
        for (g, c), v in z.items():
            if x[v] > 0.5:
                cand = candidates[g][c]
                answering.update(cand["a"])
                uses.update(cand["b"])
                for label, target, achieved in rows[g].evaluate(cand["x"]):
                    self.targets.append(("applications", label, target, achieved))
        self.applications_solution = (answering, uses)
        return answering

    def sector_candidates(self, g: str, max_adopters: dict[int, int], expected: int) -> list[dict]:
        """Solutions of one sector's Table 5 row for every answering count in a wide range around the
        expected one (the adopters' weight budget can push a sector far from it)."""
        apps = self.codebook_items("applications")
        members = [s for s in self.strata if s.nace_group == g]
        P, _, _ = self.sector_applications(members, max_adopters, apps)
        unattainable = frozenset(P.missed(P.solve()))
        counts = list(range(max(1, expected - 30), expected + 31))
        found = []
        for n, count in enumerate(counts):
            # fewest weighted firms for each count (the adopters' weight budget binds), most for some
            for direction in (-1, 1) if n % 4 == 0 else (-1,):
                P, a, b = self.sector_applications(members, max_adopters, apps, count, direction, unattainable)
                try:
                    x = P.solve(allow_misses=False)
                except RuntimeError:
                    continue
                found.append({"count": count, "x": x, "a": {h: int(x[v]) for h, v in a.items()},
                              "b": {key: int(x[v]) for key, v in b.items()}})
        return found

    def sector_applications(self, members: list[Stratum], max_adopters: dict[int, int], apps: list[str],
                            count: int | None = None, direction: int = 0, soft: frozenset[str] = frozenset()):
        """One sector's row of Table 5: a[h] answering adopters of stratum h, b[h, j] using application j.
        The variables are laid out identically for every call on the same sector."""
        P = Problem()
        a, b = {}, {}
        for s in members:
            a[s.index] = P.var(0, max_adopters[s.index], cost=direction * s.weight * 1e-3)
            for j, _ in enumerate(apps):
                b[s.index, j] = P.var(0, s.usable)
                P.constrain({b[s.index, j]: 1.0, a[s.index]: -1.0}, -np.inf, 0)
        lo, hi = (1, np.inf) if count is None else (count, count)
        P.constrain({a[s.index]: 1.0 for s in members}, lo, hi)
        g = members[0].nace_group
        for j, item in enumerate(apps):
            ind = "applies_" + item.removeprefix("app_")
            f = self.fig(ind, "adopters", "nace_group", g)
            label = f"{ind} adopters nace_group={g}"
            P.target(label, {b[s.index, j]: s.weight for s in members}, {a[s.index]: s.weight for s in members},
                     f.value, f.decimals, soft=label in soft)
        return P, a, b

    def applications(self) -> None:
        """Give the solved application counts (see adoption) to adopters at random within strata."""
        a, b = self.applications_solution
        self.answered_applications = np.zeros(self.n, dtype=bool)
        for s in self.strata:
            self.answered_applications[self.pick(self.members(s.index, self.is_adopter), a[s.index])] = True
        for j, item in enumerate(self.codebook_items("applications")):
            arr = self.blank(item)
            arr[self.answered_applications] = 0
            for s in self.strata:
                arr[self.pick(self.members(s.index, self.answered_applications), b[s.index, j])] = 1

    def sources_budget_impact_employment(self) -> None:
        sources = self.subset(self.answered_applications, self.ref.base("source_bought_ready_to_use", "adopters"))
        budget = self.subset(sources, self.ref.base("budget_unchanged", "adopters"))
        impact = self.subset(budget, self.ref.base("cost_reduced", "adopters"))

        def lift_map(table):
            return lambda s, code: (table.get(s.nace_group, 1.0) * SIZE_LIFT[s.size_class]) if code == 1 else 1.0

        source_lift = {
            "source_bought_ready_to_use": lambda s, c: (1.3 if s.nace_group == "35-39" else 1.0) * (
                1.15 if s.size_class == "5-9" else 1.0),
            "source_developed_in_house": lambda s, c: (1.8 if s.nace_group == "58-63"
                                                       else 0.4 if s.nace_group == "35-39"
                                                       else 1.0) * SIZE_LIFT[s.size_class],
            "source_external_provider_developed": lambda s, c: SIZE_LIFT[s.size_class],
        }
        for item in ("source_bought_ready_to_use", "source_external_provider_developed", "source_developed_in_house"):
            f = self.fig(item, "adopters")
            self.yes_no("sources", item, sources, {"adopters": f.value}, [(item, "adopters", "total", "all")],
                        source_lift[item], by_status=False)
        # 'almost four in ten' adapted commercial or open-source software themselves (printed '~40')
        self.yes_no("sources", "source_adapted_any", sources, {"adopters": 38.5}, [], None, by_status=False)
        adapted = self.answers.pop("source_adapted_any")
        commercial = self.blank("source_commercial_adapted_in_house")
        open_source = self.blank("source_open_source_adapted_in_house")
        commercial[sources] = 0
        open_source[sources] = 0
        for i in np.flatnonzero(adapted == 1):
            c = self.rng.random() < ADAPTED_COMMERCIAL_SHARE
            o = self.rng.random() < ADAPTED_OPEN_SOURCE_SHARE
            if not (c or o):
                c = True
            commercial[i], open_source[i] = float(c), float(o)

        budget_printed = {
            ("budget_decreased", "adopters", "total", "all"): (1, 2),
            ("budget_unchanged", "adopters", "total", "all"): (3,),
            ("budget_increased_slightly", "adopters", "total", "all"): (4,),
            ("budget_increased_strongly", "adopters", "total", "all"): (5,),
        }
        small = {"5-9": 1.6, "10-49": 1.3, "50-249": 0.6, "250+": 0.5}
        self.categorical("budget", "budget_evolution", budget, [1, 2, 3, 4, 5],
                         {"adopters": [2.5, 6.4, 58.0, 26.1]}, budget_printed,
                         lambda s, c: small[s.size_class] if c in (1, 2) else (
                             1 / small[s.size_class] if c == 4 else 1.0), by_status=False)

        for item, (ind, pct_item, pct_ind) in {
            "impact_new_products": ("new_or_improved_products", "impact_new_products_turnover_pct",
                                    "turnover_share_new_products"),
            "impact_process_quality": ("process_quality_improved", "impact_quality_revenue_pct",
                                       "revenue_increase_from_quality"),
            "impact_cost_reduced": ("cost_reduced", "impact_cost_reduction_pct", "cost_reduction"),
        }.items():
            f = self.fig(ind, "adopters")
            self.categorical("impact", item, impact, [1, 0], {"adopters": [f.value]},
                             {(ind, "adopters", "total", "all"): (1,)}, lift_map(IMPACT_SECTOR_LIFT[item]),
                             by_status=False)
            self.percentages("impact", pct_item, pct_ind, self.answers[item] == 1, typical=10)

        for skill in ("low", "high"):
            item = f"employment_{skill}_skilled"
            printed = {}
            for suffix, code in (("decreased", 1), ("unchanged", 2), ("increased", 3)):
                for breakdown, value, _ in self.domains():
                    key = (f"{item}_{suffix}", "adopters", breakdown, value)
                    if self.fig(*key):
                        printed[key] = (code,)
            dec = self.fig(f"{item}_decreased", "adopters").value
            inc = self.fig(f"{item}_increased", "adopters").value
            self.categorical("employment", item, impact, [1, 3, 2], {"adopters": [dec, inc]}, printed,
                             lambda s, c: SIZE_LIFT[s.size_class] ** 2, by_status=False)
            pct = self.blank(f"{item}_change_pct")
            for code, ind in ((1, f"{item}_decrease_size"), (3, f"{item}_increase_size")):
                self.percentages("employment", f"{item}_change_pct", ind, self.answers[item] == code, typical=10,
                                 into=pct)

    def percentages(self, stage: str, item: str, indicator: str, who: np.ndarray, typical: float,
                    into: np.ndarray | None = None) -> None:
        """Reported percentages (whole numbers 1-95) whose weighted means print as the report's."""
        arr = into if into is not None else self.blank(item)
        idx = np.flatnonzero(who)
        if len(idx) == 0:
            return
        P = Problem()
        v = {i: P.var(1, 95) for i in idx}
        for i in idx:
            P.prior(v[i], typical + self.rng.integers(-4, 5), PRIOR)
        for breakdown, value, members in self.domains():
            f = self.fig(indicator, "adopters", breakdown, value)
            if f is None:
                continue
            hs = {s.index for s in members}
            dom = [i for i in idx if self.stratum[i] in hs]
            den = float(sum(self.weight[i] for i in dom))
            P.target(f"{indicator} adopters {breakdown}={value}", {v[i]: self.weight[i] for i in dom}, den,
                     f.value, f.decimals, scale=1.0)
        x = self.solve(stage, P)
        for i in idx:
            arr[i] = x[v[i]]

    def policy(self) -> None:
        answered = self.subset(np.ones(self.n, dtype=bool), self.ref.base("knows_ai_action_plan", "all_firms"))
        f = self.fig("knows_ai_action_plan")
        self.yes_no("policy", "policy_knows_action_plan", answered, {"adopters": 16.0, "non_adopters": 7.5},
                    [("knows_ai_action_plan", "all_firms", "total", "all")])
        part = self.fig("federation_sessions_participated").value
        known = self.fig("federation_sessions_known_not_participated").value
        assumed = {"federation_sessions": (part, known), **INITIATIVES_ASSUMED}
        for code, (p, k) in assumed.items():
            printed = {}
            if code == "federation_sessions":
                printed = {("federation_sessions_participated", "all_firms", "total", "all"): (1,),
                           ("federation_sessions_known_not_participated", "all_firms", "total", "all"): (2,)}
            self.categorical("policy", f"initiative_{code}", answered, [1, 2, 3],
                             {"adopters": [p * 1.5, k * 1.3], "non_adopters": [p, k]}, printed)
        assert f is not None

    def codebook_items(self, section: str) -> list[str]:
        return [i for i in self.item_sections if self.item_sections[i] == section]

    # -- all -------------------------------------------------------------------------------------
    def run(self, item_sections: dict[str, str]) -> CalibratedWave:
        self.item_sections = {k: v for k, v in item_sections.items()}
        self.adoption()
        self.barriers()
        self.knowledge()
        self.applications()
        self.sources_budget_impact_employment()
        self.policy()
        return CalibratedWave(self.stratum, self.answers, self.targets)
