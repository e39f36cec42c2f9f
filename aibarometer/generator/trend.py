"""A later synthetic wave: the calibrated baseline respondents moved to a later edition's headline figures.

Only a few figures of later AI-Barometer editions are public (secondary sources, seeded in
ref_published_figures with report_source 'secondary_source'): the share of firms using AI and a few
technologies. A later wave is therefore the baseline wave's calibrated respondents (drawn afresh with
the wave's own seed), of which non-adopters become adopters and adopters take up more technologies until
those headline figures print exactly; technologies without a published figure grow with the share of
adopters. Everything else (frame, fieldwork funnel, other sections) is assumed equal to the baseline:
the demonstration wave is synthetic and says so (docs/trends.md).
"""

from __future__ import annotations

import numpy as np

from aibarometer.generator.reference import TECHS, Reference, read_csv
from aibarometer.generator.respondents import CalibratedWave
from aibarometer.paths import SEEDS

USES = 1  # use_plans code: uses the technology


def headline_figures(wave: int) -> dict[str, float]:
    """The published all-firms figures of a wave: indicator -> value."""
    return {r["indicator"]: float(r["value"]) for r in read_csv(SEEDS / "reference" / "ref_published_figures.csv")
            if int(r["wave"]) == wave and r["population"] == "all_firms" and r["breakdown"] == "total"}


def fill(need: float, candidates: np.ndarray, weight: np.ndarray, rng: np.random.Generator, tolerance: float) -> list[int]:
    """Candidates whose weights add up to need within tolerance: random order, skipping any that would
    overshoot, so the small weights of large strata finish the sum."""
    chosen: list[int] = []
    for i in rng.permutation(candidates):
        if need < tolerance:
            break
        if weight[i] <= need + tolerance:
            chosen.append(int(i))
            need -= weight[i]
    return chosen


def shift(calibrated: CalibratedWave, ref: Reference, wave: int, rng: np.random.Generator) -> list[tuple]:
    """Move calibrated's technology answers to wave's headline figures; returns (target, printed, reached)."""
    targets = headline_figures(wave)
    weight = np.array([ref.strata[h].weight for h in calibrated.stratum])
    total = sum(s.population for s in ref.strata)
    tolerance = 0.01 * total / 100  # a hundredth of a point: prints exactly at one decimal
    uses = {t: calibrated.answers[f"tech_{t}"] == USES for t in TECHS}
    share = lambda mask: 100 * weight[mask].sum() / total  # noqa: E731
    adopter = np.logical_or.reduce(list(uses.values()))
    growth = targets["uses_any_ai"] / share(adopter)
    goal = {t: targets.get(f"uses_{t}", share(uses[t]) * growth) for t in TECHS}
    need = {t: (goal[t] - share(uses[t])) * total / 100 for t in TECHS}
    answered = ~np.isnan(calibrated.answers[f"tech_{TECHS[0]}"].astype(float))
    planning = np.logical_or.reduce([calibrated.answers[f"tech_{t}"] == 2 for t in TECHS])
    newcomers = []
    any_need = (targets["uses_any_ai"] - share(adopter)) * total / 100
    for pool in (~adopter & answered & planning, ~adopter & answered & ~planning):  # planners first
        picked = fill(any_need, np.flatnonzero(pool), weight, rng, tolerance)
        any_need -= weight[picked].sum()
        newcomers += picked
    for i in newcomers:  # each new adopter takes up the technology that lags its goal most
        t = max(TECHS, key=lambda t: need[t])
        calibrated.answers[f"tech_{t}"][i] = USES
        need[t] -= weight[i]
    for t in TECHS:
        users = calibrated.answers[f"tech_{t}"] == USES
        adopters = np.logical_or.reduce([calibrated.answers[f"tech_{u}"] == USES for u in TECHS])
        for i in fill(need[t], np.flatnonzero(adopters & ~users), weight, rng, tolerance):
            calibrated.answers[f"tech_{t}"][i] = USES
    final = {t: share(calibrated.answers[f"tech_{t}"] == USES) for t in TECHS}
    final_any = share(np.logical_or.reduce([calibrated.answers[f"tech_{t}"] == USES for t in TECHS]))
    reached = [("trend", "uses_any_ai all_firms total=all", targets["uses_any_ai"], final_any)]
    reached += [("trend", f"uses_{t} all_firms total=all", targets.get(f"uses_{t}", round(goal[t], 3)), final[t])
                for t in TECHS]
    return reached


# Items a later wave changes: the later editions' technology question names generative AI.
CODEBOOK_CHANGES = [
    {"item": "tech_natural_language_generation", "change": "reworded",
     "question_nl": "Gebruikt uw onderneming AI-technologieën die geschreven of gesproken taal genereren, zoals "
                    "generatieve AI (bv. ChatGPT)?",
     "question_en": "Does your firm use AI technologies generating written or spoken language, such as generative "
                    "AI (e.g. ChatGPT)?"},
]


def codebook_changes(path) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["item", "change", "question_nl", "question_en"], lineterminator="\n")
        w.writeheader()
        w.writerows(CODEBOOK_CHANGES)
