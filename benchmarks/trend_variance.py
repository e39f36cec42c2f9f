"""Does the trend mart's standard error of a change hold when two editions share firms? A simulation.

    .venv/bin/python benchmarks/trend_variance.py [--draws 2000] [--seed 1]

The population is the synthetic firm register (aibarometer.generator.register) two years apart: the
report's 2021 frame, then deaths, births and size moves. Each firm has a characteristic in both editions
(a share to estimate, persistent: kept with probability KEEP, else drawn afresh) and a persistent propensity
to respond. Each draw samples both editions by the report's design (take-all medium and large firms, 17% of
small firms, micro firms outside the CIS sample), lets firms respond (a responder responds again more
often), estimates the share in both editions with the design weights N_h / n_h, and the change with three
standard errors: the mart's (with the covariance of the firms usable in both editions, stratified, finite
population corrections: docs/trends.md), the independent-samples one, and their spread is compared with
the spread of the changes across draws. Prints the figures; `pytests/test_trends.py` runs a shorter
version and checks the same estimator against the SQL of fct_indicator_trends.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from aibarometer.generator.reference import Reference
from aibarometer.generator.register import (CIS_KEPT, CIS_SHARE, CONTACT_FOUND, CONTACT_KEPT, Design, Register,
                                            draw_sample, evolve)

KEEP = 0.8  # a firm keeps its answer from one edition to the next with this probability
SHARE_BY_SIZE = {"5-9": 0.12, "10-49": 0.2, "50-249": 0.45, "250+": 0.7}  # share of firms with the trait
RESPONSE = {"5-9": 0.11, "10-49": 0.29, "50-249": 0.33, "250+": 0.45}  # of the sampled, as usable responses
PERSISTENCE = 2.5  # odds ratio of responding again, for a firm that responded before


def stratified_change(strata1, y1, x1, strata2, y2, x2, linked, population1, population2):
    """The change R2 - R1 of two stratified ratio estimates R = sum(w y) / sum(w x), w = N_h / n_h, with the
    variance of each (Taylor linearisation, stratified SRS without replacement; a stratum of one respondent
    contributes (1 - f) z^2) and their covariance from the linked firms.

    strata*: stratum label per respondent; y*, x*: score and base indicator per respondent (arrays);
    linked: pairs (i, j) of respondent indices of the same firm in the same stratum in both editions;
    population*: N_h per stratum label. Returns change, variance 1, variance 2, covariance."""
    def estimate(strata, y, x, population):
        labels, h = np.unique(strata, return_inverse=True)
        n = np.bincount(h)
        big = np.array([population[label] for label in labels], dtype=float)
        w = big[h] / n[h]
        big_x = (w * x).sum()
        ratio = (w * y).sum() / big_x
        e = y - ratio * x
        variance = 0.0
        for k in range(len(labels)):
            ek = e[h == k]
            fpc = 1 - n[k] / big[k]
            if n[k] >= 2:
                variance += fpc * big[k] ** 2 / big_x ** 2 * ek.var(ddof=1) / n[k]
            else:
                variance += fpc * (w[h == k][0] * ek.sum() / big_x) ** 2
        return ratio, variance, e, big_x, dict(zip(labels, n, strict=True))

    r1, v1, e1, big_x1, n1 = estimate(strata1, y1, x1, population1)
    r2, v2, e2, big_x2, n2 = estimate(strata2, y2, x2, population2)
    covariance = 0.0
    if len(linked):
        i, j = np.asarray(linked).T
        for label in np.unique(strata2[j]):
            inside = strata2[j] == label
            m = int(inside.sum())
            if m < 2:
                continue
            s12 = np.cov(e1[i[inside]], e2[j[inside]], ddof=1)[0, 1]
            covariance += (population1[label] * population2[label] / (big_x1 * big_x2)
                           * (m / (n1[label] * n2[label]) - 1 / population2[label]) * s12)
    return r2 - r1, v1, v2, covariance


def population(seed: int) -> tuple[Register, np.ndarray, np.ndarray]:
    """The register of the report's frame and two years on, and each firm's trait in the two editions."""
    rng = np.random.default_rng(seed)
    ref = Reference(2021)
    firms = [(s.nace_group, s.size_class) for s in ref.strata for _ in range(s.population)]
    register = Register(number=list(range(2_000_000, 2_000_000 + len(firms))), nace_group=[g for g, _ in firms])
    sizes = [s for _, s in firms]
    register.size[1] = sizes
    register.contact[1] = np.array([rng.random() < (0.7 if s in ("50-249", "250+") else 0.8) for s in sizes])
    register.cis[1] = np.array([rng.random() < {"5-9": 0.16, "10-49": 0.12}.get(s, 0.0) for s in sizes])
    register.bounce_prone = np.zeros(len(firms), dtype=bool)
    register.latent = rng.normal(size=len(firms))
    evolve(register, 1, 2, rng)
    n = len(register.number)
    share = lambda sizes: np.array([SHARE_BY_SIZE.get(s, 0.0) if s else 0.0 for s in sizes])  # noqa: E731
    trait1 = rng.random(n) < share(register.size[1])
    fresh = rng.random(n) < share(register.size[2]) * 1.2
    trait2 = np.where(rng.random(n) < KEEP, trait1, fresh)
    return register, trait1.astype(float), trait2.astype(float)


def reachability(register: Register, rng: np.random.Generator) -> None:
    """Who has contact data and who sits in the CIS sample, drawn afresh for each pair of editions (and kept
    from the first edition to the second at the register's rates). Within a stratum every firm is then as
    likely to respond as any other: the stratified simple random sampling of N_h firms that the estimator,
    its variance and its covariance assume. Held fixed, they would make each take-all stratum a census of
    its reachable firms, whose estimate varies less across draws than the formula with N_h says."""
    n = len(register.number)
    size = {w: np.array(register.size[w], dtype=object) for w in (1, 2)}
    large = {w: np.isin(size[w], ["50-249", "250+"]) for w in (1, 2)}
    cis_share = {w: np.array([CIS_SHARE.get(s, 0.0) if s else 0.0 for s in size[w]]) for w in (1, 2)}
    contact = rng.random(n) < np.where(large[1], 0.7, 0.8)
    register.contact[1] = contact
    register.contact[2] = np.where(contact, rng.random(n) < CONTACT_KEPT, rng.random(n) < CONTACT_FOUND)
    cis = rng.random(n) < cis_share[1]
    register.cis[1] = cis
    fresh = cis_share[2] * (1 - CIS_KEPT) / np.maximum(1 - cis_share[2], 1e-9)
    register.cis[2] = np.where(cis, rng.random(n) < CIS_KEPT, rng.random(n) < fresh) & (cis_share[2] > 0)


def in_domain(stratum: str, domain: str | None) -> bool:
    """Whether a stratum label 'nace|size' lies in a domain: None (all firms), 'nace=<group>' or 'size=<class>'."""
    if domain is None:
        return True
    kind, value = domain.split("=")
    group, size = stratum.split("|")
    return (group if kind == "nace" else size) == value


def draw(register: Register, trait1, trait2, frames, rng: np.random.Generator, domain: str | None = None):
    """One pair of editions: samples, responses, the change and its standard errors."""
    reachability(register, rng)
    sampled1, _ = draw_sample(register, 1, Design(), rng)
    sampled2, _ = draw_sample(register, 2, Design(), rng)
    responded1 = {i for i in sampled1 if rng.random() < RESPONSE[register.size[1][i]]}
    responders = []
    for i in sampled2:
        p = RESPONSE[register.size[2][i]]
        if i in responded1:
            p = PERSISTENCE * p / (1 - p + PERSISTENCE * p)
        if rng.random() < p:
            responders.append(i)
    r1, r2 = sorted(responded1), sorted(set(responders))
    stratum = lambda wave, firms: np.array([f"{register.nace_group[i]}|{register.size[wave][i]}" for i in firms])  # noqa: E731
    s1, s2 = stratum(1, r1), stratum(2, r2)
    inside = lambda s: np.array([in_domain(x, domain) for x in s], float)  # noqa: E731
    x1, x2 = inside(s1), inside(s2)
    y1, y2 = trait1[r1] * x1, trait2[r2] * x2
    at = {firm: j for j, firm in enumerate(r2)}
    linked = [(k, at[firm]) for k, firm in enumerate(r1) if firm in at and s1[k] == s2[at[firm]]]
    return stratified_change(s1, y1, x1, s2, y2, x2, linked, *frames)


def simulate(draws: int, seed: int, domain: str | None = None) -> dict[str, float]:
    register, trait1, trait2 = population(seed)
    frames = [{f"{g}|{s}": n for (g, s), n in register.frame(wave).items()} for wave in (1, 2)]
    rng = np.random.default_rng(seed + 1)
    rows = np.array([draw(register, trait1, trait2, frames, rng, domain) for _ in range(draws)])
    change, v1, v2, cov = rows.T
    empirical = change.var(ddof=1)
    return {"draws": draws, "empirical_se": float(np.sqrt(empirical)),
            "overlap_se": float(np.sqrt(np.mean(np.maximum(v1 + v2 - 2 * cov, 0)))),
            "independent_se": float(np.sqrt(np.mean(v1 + v2))),
            "correlation": float(np.mean(cov / np.sqrt(v1 * v2))),
            # the tolerance of the empirical standard error itself: two of its relative standard errors,
            # sqrt((kurtosis - 1) / (4 (draws - 1))) (1 / sqrt(2 (draws - 1)) for a normal change; the
            # changes of small domains have heavier tails)
            "kurtosis": kurtosis(change),
            "relative_tolerance": float(2 * np.sqrt((kurtosis(change) - 1) / (4 * (draws - 1))))}


def kurtosis(x: np.ndarray) -> float:
    """The (non-excess) kurtosis E(x - mean)^4 / var^2: 3 for a normal variable."""
    d = x - x.mean()
    return float(np.mean(d ** 4) / np.mean(d ** 2) ** 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for domain in (None, "size=250+", "size=50-249", "nace=58-63"):
        start = time.time()
        r = simulate(args.draws, args.seed, domain)
        label = "all firms" if domain is None else domain
        print(f"{label}: {r['draws']} draws in {time.time() - start:.0f} s; change's standard error across draws "
              f"{100 * r['empirical_se']:.3f} points; mean estimated: with the overlap {100 * r['overlap_se']:.3f} "
              f"({r['overlap_se'] / r['empirical_se'] - 1:+.1%}), as independent samples "
              f"{100 * r['independent_se']:.3f} ({r['independent_se'] / r['empirical_se'] - 1:+.1%}); mean "
              f"correlation of the two estimates {r['correlation']:.2f}; two standard errors of the empirical "
              f"figure: {r['relative_tolerance']:.1%}")


if __name__ == "__main__":
    main()
