"""Disclosure control attacked: an intruder with the public database tries to recompute every withheld
estimate, with a solver written here independently of aibarometer/disclosure.py.

The intruder's model is finer than the warehouse's margin relations: per stratum and adopter status, the
unknown weighted count c of respondents to the item (x = design weight x c) and, per indicator, the
unknown weighted sum u of its scores, 0 <= u <= 100 x. Every published cell fixes sum(x) (weighted_firms),
sum(c) (respondents) and sum(u) (estimate x weighted_firms) over its strata and population; indicators of
one item share x, their counted codes tie their u together. Each withheld estimate is then minimised and
maximised by linear programming (HiGHS); it is recovered if the two meet within 10 points.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

import duckdb
from aibarometer.public import write_public

POPULATION_STATUS = {"all_firms": (0, 1), "adopters": (1,), "non_adopters": (0,)}
PROTECTION = 10.0


@pytest.fixture(scope="module")
def public(warehouse, tmp_path_factory):
    path = tmp_path_factory.mktemp("public") / "public.duckdb"
    write_public(warehouse, path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def attack(con, wave: int, rows, codes: dict[str, frozenset], every_code: frozenset | None):
    """Ranges (min, max) of every withheld estimate among rows (one item group of one wave)."""
    strata = con.sql(f"select nace_group, size_class, design_weight from marts.dim_strata where wave = {wave} "
                     "order by all").fetchall()
    cells = [(s, a) for s in range(len(strata)) for a in (0, 1)]
    indicators = sorted(rows["indicator"].unique())
    n_c = len(cells)
    n_vars = n_c * (1 + len(indicators))  # c per cell, then u per indicator and cell

    def u(i, k):
        return n_c * (1 + indicators.index(i)) + k

    def members(population, breakdown, value):
        found = []
        for k, (s, a) in enumerate(cells):
            nace, size, _ = strata[s]
            if a in POPULATION_STATUS[population] and (breakdown == "total" or
                                                       {"nace_group": nace, "size_class": size}[breakdown] == value):
                found.append(k)
        return found

    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    weight = [strata[s][2] for s, _ in cells]
    seen_counts = set()
    for r in rows.itertuples():
        ks = members(r.population, r.breakdown, r.breakdown_value)
        if (r.population, r.breakdown, r.breakdown_value) not in seen_counts:
            seen_counts.add((r.population, r.breakdown, r.breakdown_value))
            row = np.zeros(n_vars)
            row[ks] = 1.0
            a_eq.append(row)
            b_eq.append(r.respondents)
            row = np.zeros(n_vars)
            row[ks] = [weight[k] for k in ks]
            a_eq.append(row)
            b_eq.append(r.weighted_firms)
        if not r.suppressed:
            row = np.zeros(n_vars)
            row[[u(r.indicator, k) for k in ks]] = 1.0
            a_eq.append(row)
            b_eq.append(r.estimate * r.weighted_firms)
    for k in range(n_c):
        for i in indicators:  # u <= 100 x
            row = np.zeros(n_vars)
            row[u(i, k)] = 1.0
            row[k] = -100.0 * weight[k]
            a_ub.append(row)
            b_ub.append(0.0)
        shares = [i for i in indicators if i in codes]
        disjoint = [i for i in shares if all(not (codes[i] & codes[j]) for j in shares if j != i)]
        if len(disjoint) >= 2:
            row = np.zeros(n_vars)
            row[[u(i, k) for i in disjoint]] = 1.0
            row[k] = -100.0 * weight[k]
            if every_code is not None and frozenset().union(*(codes[i] for i in disjoint)) == every_code:
                a_eq.append(row)
                b_eq.append(0.0)
            else:
                a_ub.append(row)
                b_ub.append(0.0)
        for i in shares:
            for j in shares:
                if codes[i] < codes[j]:
                    row = np.zeros(n_vars)
                    row[u(i, k)], row[u(j, k)] = 1.0, -1.0
                    a_ub.append(row)
                    b_ub.append(0.0)
    bounds = [(0, None)] * n_vars
    ranges = {}
    for r in rows[rows["suppressed"]].itertuples():
        objective = np.zeros(n_vars)
        objective[[u(r.indicator, k) for k in members(r.population, r.breakdown, r.breakdown_value)]] = 1.0
        found = []
        for sense in (1.0, -1.0):
            result = linprog(sense * objective, A_ub=np.array(a_ub), b_ub=b_ub, A_eq=np.array(a_eq), b_eq=b_eq,
                             bounds=bounds, method="highs")
            assert result.status == 0, result.message
            found.append(sense * result.fun / r.weighted_firms)
        ranges[(r.indicator, r.population, r.breakdown, r.breakdown_value)] = tuple(found)
    return ranges


def recovered_cells(con, estimates, warehouse) -> tuple[list, int]:
    """Attack every item group holding a withheld estimate; the cells recovered within PROTECTION points and
    how many were attacked. con must hold marts.dim_strata."""
    db = duckdb.connect(str(warehouse), read_only=True)
    definitions = {i: (item, cond or "", codes or "", statistic, counted) for i, item, cond, codes, statistic, counted
                   in db.sql("select indicator, item, condition_item, condition_codes, statistic, counted_codes "
                             "from raw.indicators").fetchall()}
    options = dict(db.sql("select items.item, list(options.code) from raw.codebook_items as items inner join "
                          "raw.codebook_options as options using (option_set) group by all").fetchall())
    db.close()
    groups = {definitions[i][:3] for i in estimates.loc[estimates["suppressed"], "indicator"]}
    recovered, attacked = [], 0
    for wave in sorted(estimates["wave"].unique()):
        for group in sorted(groups):
            members = [i for i, d in definitions.items() if d[:3] == group]
            rows = estimates[(estimates["wave"] == wave) & estimates["indicator"].isin(members)]
            if not rows["suppressed"].any():
                continue
            codes = {i: frozenset(int(c) for c in definitions[i][4].split("|")) for i in members
                     if definitions[i][3] == "pct"}
            every = frozenset(options[group[0]]) if group[0] in options else None
            for key, (low, high) in attack(con, int(wave), rows, codes, every).items():
                attacked += 1
                if high - low < PROTECTION:
                    recovered.append((int(wave), key, round(low, 2), round(high, 2)))
    return recovered, attacked


def test_no_withheld_estimate_can_be_recomputed_from_the_public_database(public, warehouse):
    estimates = public.sql("select * from marts.fct_indicator_estimates").df()
    withheld = estimates[estimates["suppressed"]]
    assert len(withheld) > 42  # the 42 on fewer than 5 respondents, and their complements
    recovered, attacked = recovered_cells(public, estimates, warehouse)
    assert attacked == len(withheld)
    assert recovered == []


def test_primary_suppression_alone_would_let_the_attacker_recompute_cells(db, warehouse):
    """The attacker is not toothless: with the complementary cells published, as before secondary
    suppression, it recovers withheld estimates, to the decimal."""
    estimates = db.sql("select * from marts.fct_indicator_estimates").df()
    assert estimates["suppressed"].sum() == 42  # the marts' own flag: primary suppression
    recovered, attacked = recovered_cells(db, estimates, warehouse)
    assert attacked == 42
    truth = estimates.set_index(["wave", "indicator", "population", "breakdown", "breakdown_value"])["estimate"]
    exact = [r for r in recovered if r[3] - r[2] < 0.01 and abs(truth[(r[0], *r[1])] - r[2]) < 0.01]
    # 11 of the 42, each to two decimals (e.g. 2021 cost reduction of NACE 35-39 adopters: 1.93)
    assert len(recovered) == len(exact) == 11, recovered


def test_trends_touching_a_withheld_estimate_withhold_change_and_significance(public):
    [(touching, shown)] = public.sql(
        "select count(*), count(estimate_change) + count(is_significant) + count(std_error) "
        "from marts.fct_indicator_trends as t where exists (select 1 from marts.fct_indicator_estimates as e "
        "where e.suppressed and e.indicator = t.indicator and e.population = t.population and e.breakdown = "
        "t.breakdown and e.breakdown_value = t.breakdown_value and e.wave in (t.wave, t.base_wave))").fetchall()
    assert touching > 0 and shown == 0
