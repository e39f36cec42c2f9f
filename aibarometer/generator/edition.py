"""A later synthetic edition: a sample drawn from the synthetic firm register (generator.register) by the
edition's design, its own fieldwork, and answers that evolve from the previous edition's.

- The register is the baseline's (Table 1's population, the committed baseline sample), moved two years
  on per edition: deaths, births, size moves, contact data, a new CIS sample. The edition's frame is the
  register as it then stands; its sample is what the design draws, so medium and large firms and micro
  firms outside the CIS sample come back edition after edition, with the same enterprise number.
- Fieldwork: an e-mail bounces more often where it bounced before; a firm responds with a persistent
  propensity (the baseline's responders lean towards responding again), at the baseline's rates per size
  class (an edition with a published number of usable responses: scaled to reach it exactly); the
  report's exclusion rules strike at the baseline's rates per size class, and a firm excluded for its size
  or sector before tends to be again.
- Answers: a firm usable in an earlier edition starts from its own answers of the last edition it was usable
  in; another firm from those of a usable firm of its stratum in the previous edition (hot deck). Each
  question block (an item with its follow-ups) is answered anew with some probability; technologies move
  by transition probabilities (use is kept, plans become use), once per two years since the firm answered.
  Then the edition's published headline figures are met exactly (new adopters drawn with a lean towards
  larger firms, technologies added among adopters), and the adopters' questions follow adoption: a new
  adopter answers them as an adopter of its stratum did, a firm that stopped using AI leaves them empty.
  An item the edition adds (its codebook changes) is answered as its published figure says.

Everything here is synthetic; the waves' wave_info.csv say so, and which figures they are calibrated to.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from aibarometer import layout
from aibarometer.codebook import export_items
from aibarometer.generator.reference import read_csv
from aibarometer.generator.register import Design, Register, baseline_register, draw_sample, evolve
from aibarometer.generator.wave import (BASELINE_WAVE, DUPLICATE_LAG_DAYS, FIELDWORK_DAYS, FRAME_SOURCE, SEED,
                                        SIZE_MIGRATION, SIZE_ORDER, Edition, Invitation, enterprise_number,
                                        excluded_response, firm_profile, format_value, generate_baseline, typed,
                                        write_raw, write_wave_info)
from aibarometer.paths import RAW_ROOT, SEEDS, wave_dir

USES, PLANS, NEITHER = 1, 2, 3  # use_plans codes
LANGUAGE, IMAGES = "tech_natural_language_generation", "tech_image_video_audio_generation"  # generative AI
# technology transitions over two years, from the previous answer (uses, plans, neither) to the next
TRANSITIONS = {USES: (0.93, 0.03, 0.04), PLANS: (0.40, 0.30, 0.30), NEITHER: (0.04, 0.08, 0.88)}
REANSWER = 0.3  # a question block answered anew (as another firm of the stratum answered it)
NEW_ADOPTER_LEAN = {"5-9": 0.6, "10-49": 1.0, "50-249": 1.6, "250+": 2.2}  # who takes up AI first
# the baseline's fieldwork per size class of the frame: received / reached, and the report's exclusion
# rules among the received (fewer than 5 employees, sector out of scope, no AI question answered)
RESPONSE_RATE = {"5-9": 961 / 7616, "10-49": 820 / 2511, "50-249": 690 / 1963, "250+": 270 / 528}
EXCLUSION_RATE = {"5-9": (125 / 961, 99 / 961, 366 / 961), "10-49": (48 / 820, 18 / 820, 81 / 820),
                  "50-249": (32 / 690, 21 / 690, 75 / 690), "250+": (7 / 270, 5 / 270, 9 / 270)}
REASONS = ("fewer_than_5_employees", "sector_out_of_scope", "no_ai_question_answered")
DUPLICATE_RATE, DUPLICATE_OTHER_NUMBER = 0.08, 1 / 3  # second responses, and those filed via another invitation
BOUNCE = {True: 0.45, False: 0.08}  # an e-mail bounces: where it bounced before, elsewhere


@dataclass(frozen=True)
class Spec:
    """What an edition is: its design, its fieldwork's scale, its codebook changes and where its figures come
    from (the wave_info provenance)."""

    wave: int
    design: Design
    codebook_changes: tuple[dict[str, str], ...]
    provenance: str
    frame_source: str = FRAME_SOURCE
    response_factor: float = 1.0  # response rates against the baseline's (when no usable count is published)
    usable: int | None = None  # published usable responses, met exactly


GENERATIVE_LANGUAGE = {
    "item": "tech_natural_language_generation", "change": "reworded",
    "question_nl": "Gebruikt uw onderneming AI-technologieën die geschreven of gesproken taal genereren, zoals "
                   "generatieve AI (bv. ChatGPT)?",
    "question_en": "Does your firm use AI technologies generating written or spoken language, such as generative "
                   "AI (e.g. ChatGPT)?"}
SPECS = {
    2023: Spec(2023, Design(), (GENERATIVE_LANGUAGE,),
               "an edition drawn from the synthetic firm register by the 2021 design, its answers moved from 2021's "
               "to the 2023 headline figures of secondary sources (uses at least one AI technology 32.1%, text "
               "analysis 13.7%, language generation 14%, process automation 13.5%); other figures are not "
               "calibrated"),
    2025: Spec(2025, Design(sample_size=9610), (
        {"item": "tech_natural_language_generation", "change": "reworded",
         "question_nl": "Gebruikt uw onderneming AI-technologieën die tekst, taal of programmacode genereren "
                        "(generatieve AI zoals ChatGPT of Copilot)?",
         "question_en": "Does your firm use AI technologies generating text, language or programming code "
                        "(generative AI such as ChatGPT or Copilot)?"},
        {"item": "tech_image_video_audio_generation", "change": "added", "section": "adoption",
         "item_type": "single_choice", "option_set": "use_plans", "asked_of": "all_firms", "is_ai_question": "true",
         "question_nl": "Gebruikt uw onderneming AI-technologieën die beelden, video of audio genereren?",
         "question_en": "Does your firm use AI technologies generating images, video or audio?"},
        {"item": "genai_use", "change": "added", "section": "adoption", "item_type": "yes_no",
         "option_set": "yes_no", "asked_of": "all_firms", "is_ai_question": "true",
         "question_nl": "Gebruikt uw onderneming generatieve AI (tekst, code, beeld, video of audio)?",
         "question_en": "Does your firm use generative AI (text, code, images, video or audio)?"},
        {"item": "ai_use_origin", "change": "added", "section": "organisation", "item_type": "single_choice",
         "option_set": "ai_use_origin", "asked_of": "adopters", "is_ai_question": "true",
         "question_nl": "Van wie gaat het gebruik van AI in uw onderneming vooral uit?",
         "question_en": "Who mainly drives the use of AI in your firm?"}),
        "an edition drawn from the synthetic firm register with a smaller sample (9,610 firms surveyed: fewer micro "
        "firms) and new generative-AI items, calibrated to the 2025 edition's figures as reported by secondary "
        "summaries of the WEWIS department's AI-Barometer 2025 (fieldwork 2025, published early 2026): 2,915 usable "
        "responses; uses at least one AI technology 58.8%, text analysis 41%, language and code generation 38%, "
        "images, video or audio 33%, generative AI 48%; AI use mainly from individual employees in 49% of AI users, "
        "driven by management in 28%", usable=2915),
}


def headline_figures(wave: int) -> dict[tuple[str, str], float]:
    """The published total figures of a wave: (indicator, population) -> value."""
    return {(r["indicator"], r["population"]): float(r["value"])
            for r in read_csv(SEEDS / "reference" / "ref_published_figures.csv")
            if int(r["wave"]) == wave and r["breakdown"] == "total"}


def indicator_codes() -> dict[str, tuple[str, set[int]]]:
    """indicator -> (item, counted codes) of the share indicators."""
    return {r["indicator"]: (r["item"], {int(c) for c in r["counted_codes"].split("|")})
            for r in read_csv(SEEDS / "questionnaire" / "indicators.csv") if r["statistic"] == "pct"}


def edition_items(wave: int) -> list[dict[str, str]]:
    """The questionnaire items (not the profile) as edition `wave` asks them: the baseline's with every
    edition's changes up to it."""
    items = [dict(r) for r in export_items() if r["section"] != "profile"]
    for w in sorted(SPECS):
        if w > wave:
            break
        for change in SPECS[w].codebook_changes:
            if change["change"] == "added":
                items.append({**{k: "" for k in items[0]}, **change})
            elif change["change"] == "dropped":
                items = [r for r in items if r["item"] != change["item"]]
            else:
                items = [{**r, **{k: v for k, v in change.items() if k != "change"}} if r["item"] == change["item"]
                         else r for r in items]
    return items


def blocks(items: list[dict[str, str]]) -> list[list[str]]:
    """Question blocks: an item with the follow-ups that depend on it."""
    follow = {}
    for r in items:
        if r.get("condition_item"):
            follow.setdefault(r["condition_item"], []).append(r["item"])
    followers = {f for fs in follow.values() for f in fs}
    return [[r["item"], *follow.get(r["item"], [])] for r in items if r["item"] not in followers]


@dataclass
class Answers:
    """The usable respondents' answers of an edition under construction: one row per respondent."""

    strata: list[tuple[str, str]]
    weight: np.ndarray
    values: dict[str, np.ndarray] = field(default_factory=dict)

    def share(self, mask: np.ndarray) -> float:
        return 100 * self.weight[mask].sum() / self.weight.sum()


def generate_editions(wave: int, raw_root: Path = RAW_ROOT) -> dict[str, int]:
    """Generate the baseline and every edition up to `wave` in memory, from one register; write `wave`."""
    if wave not in SPECS:
        raise ValueError(f"no synthetic edition {wave} is declared (aibarometer.generator.edition.SPECS): "
                         f"{', '.join(str(w) for w in sorted(SPECS))}")
    _, previous = generate_baseline(None)
    rng = np.random.default_rng(SEED + 1)
    register = baseline_register(previous.wave, previous.frame, previous.sampled, previous.bounced,
                                 previous.received, rng)
    previous.firms = list(range(len(previous.sampled)))  # the baseline's register indices are its sample's
    previous.history = {k: (previous.wave, answers) for k, answers in previous.usable.items()}
    for w in sorted(SPECS):
        if w > wave:
            break
        evolve(register, previous.wave, w, rng)
        counts, previous = draw_edition(register, previous, SPECS[w], wave_dir(w, raw_root) if w == wave else None)
    return counts


def draw_edition(register: Register, previous: Edition, spec: Spec, out: Path | None) -> tuple[dict[str, int], Edition]:
    """One edition: sample, fieldwork, answers; written to out when given."""
    wave = spec.wave
    rng = np.random.default_rng(SEED + wave - BASELINE_WAVE)
    firms, micro_share = draw_sample(register, wave, spec.design, rng)
    size_of = {i: register.size[wave][i] for i in firms}
    invitations = [Invitation(f"INV{k + 1:05d}", enterprise_number(register.number[i]), register.nace_group[i],
                              size_of[i], f"contact.{k + 1:05d}@firm{register.number[i] % 100000:05d}.example")
                   for k, i in enumerate(firms)]
    # -- fieldwork -----------------------------------------------------------------------------------
    delivered = rng.random(len(firms)) >= np.array([BOUNCE[bool(register.bounce_prone[i])] for i in firms])
    register.bounce_prone[[i for k, i in enumerate(firms) if not delivered[k]]] = True
    for k, inv in enumerate(invitations):
        inv.delivered = bool(delivered[k])
        if inv.delivered:
            inv.reminders = int(rng.choice([0, 1, 2], p=[0.2, 0.3, 0.5]))
            inv.phoned = inv.size_class != "5-9" and rng.random() < 0.35
    before = {firm: k for k, firm in enumerate(previous.firms)}  # register index -> previous sample index
    was_usable = {firm for firm, k in before.items() if k in previous.usable}
    was_excluded = {firm: previous.excluded[k] for firm, k in before.items() if k in previous.excluded}
    factor = spec.response_factor
    if spec.usable is not None:  # scale the response rates until the expected usable count is the published one
        low, high = 0.1, 10.0
        for _ in range(40):
            factor = (low + high) / 2
            expected = _expected_usable(register, firms, size_of, delivered, factor, was_usable, was_excluded)
            low, high = (factor, high) if expected < spec.usable else (low, factor)
    received = _respond(register, firms, size_of, delivered, factor, rng)
    outcome: dict[int, str] = {}  # sample index -> 'usable' or an exclusion reason
    for k in np.flatnonzero(received):
        firm, size = firms[k], size_of[firms[k]]
        if firm in was_excluded and was_excluded[firm] in REASONS[:2] and rng.random() < 0.7:
            outcome[k] = was_excluded[firm]
            continue
        rates = np.array(EXCLUSION_RATE[size]) * (0.5 if firm in was_usable else 1.0)
        u = rng.random()
        outcome[k] = next((r for r, c in zip(REASONS, np.cumsum(rates), strict=True) if u < c), "usable")
    _meet_usable(outcome, spec.usable, delivered, firms, size_of, rng)
    # the stratum a usable response's own answers put it in (a few answer a neighbouring size class)
    stratum: dict[int, tuple[str, str]] = {}
    for k in sorted(outcome):
        if outcome[k] != "usable":
            continue
        g, s = invitations[k].nace_group, invitations[k].size_class
        if rng.random() < SIZE_MIGRATION:
            j = SIZE_ORDER.index(s) + (1 if (s == "5-9" or rng.random() < 0.5) and s != "250+" else -1)
            s = SIZE_ORDER[j]
        stratum[k] = (g, s)
    frame = register.frame(wave)
    _cover_strata(outcome, stratum, frame, invitations, delivered, rng)
    usable = sorted(k for k in outcome if outcome[k] == "usable")
    counts_by_stratum = Counter(stratum[k] for k in usable)
    answers = Answers([stratum[k] for k in usable],
                      np.array([frame[stratum[k]] / counts_by_stratum[stratum[k]] for k in usable]))
    items = edition_items(wave)
    reached = _answer(answers, [firms[k] for k in usable], previous, items, spec, rng)
    edition = Edition(
        wave=wave, frame=frame, sampled=[(register.number[i], register.nace_group[i], size_of[i]) for i in firms],
        bounced={k for k in range(len(firms)) if not delivered[k]}, received=set(outcome),
        usable={k: {item: answers.values[item][j] for item in answers.values} for j, k in enumerate(usable)},
        usable_stratum={k: stratum[k] for k in usable},
        excluded={k: r for k, r in outcome.items() if r != "usable"}, firms=firms)
    edition.history = {**previous.history, **{firms[k]: (wave, edition.usable[k]) for k in usable}}
    counts = {"sampled": len(firms), "received": len(outcome), "usable": len(usable),
              **Counter(r for r in outcome.values() if r != "usable")}
    if out is not None:
        counts["duplicate"] = _write(out, spec, invitations, outcome, usable, answers, items, frame, reached,
                                     micro_share, rng)
        counts["received"] += counts["duplicate"]
    return counts, edition


def _probabilities(register, firms, size_of, factor) -> np.ndarray:
    """Response probability of each sampled firm: the baseline's rate of its size class, moved by the firm's
    persistent propensity (a logit scale), times factor."""
    latent = register.latent[firms]
    base = np.array([RESPONSE_RATE[size_of[i]] for i in firms]) * factor
    base = np.clip(base, 1e-4, 0.95)
    return 1 / (1 + np.exp(-(np.log(base / (1 - base)) + 0.9 * latent - 0.35)))


def _expected_usable(register, firms, size_of, delivered, factor, was_usable, was_excluded) -> float:
    p = _probabilities(register, firms, size_of, factor) * delivered
    keep = np.array([1 - sum(EXCLUSION_RATE[size_of[i]]) * (0.5 if i in was_usable else 1.0) for i in firms])
    return float((p * keep).sum())


def _respond(register, firms, size_of, delivered, factor, rng) -> np.ndarray:
    return delivered & (rng.random(len(firms)) < _probabilities(register, firms, size_of, factor))


def _meet_usable(outcome: dict[int, str], target: int | None, delivered, firms, size_of, rng) -> None:
    """Move responses between usable and 'no AI question answered' (or add or drop responders) until the
    usable count is the published one."""
    if target is None:
        return
    usable = [k for k, r in outcome.items() if r == "usable"]
    if len(usable) > target:
        for k in rng.choice(usable, size=len(usable) - target, replace=False):
            outcome[int(k)] = "no_ai_question_answered"
    short = target - len(usable)
    if short > 0:
        blank = [k for k, r in outcome.items() if r == "no_ai_question_answered"]
        take = rng.choice(blank, size=min(short, len(blank)), replace=False).tolist() if blank else []
        for k in take:
            outcome[int(k)] = "usable"
        short -= len(take)
        silent = [k for k in range(len(firms)) if delivered[k] and k not in outcome]
        for k in rng.choice(silent, size=short, replace=False).tolist() if short > 0 else []:
            outcome[int(k)] = "usable"


def _cover_strata(outcome, stratum, frame, invitations, delivered, rng) -> None:
    """Every stratum of the frame gets two usable responses (one where only one firm was sampled): an
    excluded or silent firm sampled there answers after all (synthetic data must not leave a stratum
    without a weight). The usable count stays the same: as many usable responses of the largest strata
    become 'no AI question answered'."""
    have = Counter(stratum[k] for k, r in outcome.items() if r == "usable")
    added = 0
    for key in sorted(frame):
        sampled = [k for k, inv in enumerate(invitations) if (inv.nace_group, inv.size_class) == key and delivered[k]]
        need = min(2, len(sampled)) - have.get(key, 0)
        for k in [k for k in sampled if outcome.get(k) != "usable"][:max(need, 0)]:
            outcome[k] = "usable"
            stratum[k] = key
            have[key] += 1
            added += 1
    while added > 0:
        largest = max(have, key=lambda s: (have[s], s))
        k = max(k for k, r in outcome.items() if r == "usable" and stratum[k] == largest)
        outcome[k] = "no_ai_question_answered"
        del stratum[k]
        have[largest] -= 1
        added -= 1


class _Donors:
    """The hot deck of an edition: the previous edition's usable firms, drawn from the stratum asked for, else
    from its size class, else from any (with adopts, only firms that do, or do not, use an AI technology)."""

    def __init__(self, previous: Edition, techs: list[str], rng: np.random.Generator):
        self.usable, self.techs, self.rng = previous.usable, techs, rng
        self.by_stratum: dict[tuple[str, str], list[int]] = {}
        self.by_size: dict[str, list[int]] = {}
        for k, s in previous.usable_stratum.items():
            self.by_stratum.setdefault(s, []).append(k)
            self.by_size.setdefault(s[1], []).append(k)

    def adopts(self, answers: dict[str, float]) -> bool:
        return any(answers.get(t) == USES for t in self.techs if t in answers)

    def draw(self, key: tuple[str, str], adopts: bool | None = None) -> dict[str, float]:
        def fits(k: int) -> bool:
            return adopts is None or self.adopts(self.usable[k]) == adopts

        pool = [k for k in self.by_stratum.get(key, []) if fits(k)]
        pool = pool or [k for k in self.by_size.get(key[1], []) if fits(k)]
        pool = pool or [k for k in self.usable if fits(k)]
        return self.usable[pool[int(self.rng.integers(len(pool)))]]


def _answer(answers: Answers, firms: list[int], previous: Edition, items: list[dict[str, str]], spec: Spec,
            rng: np.random.Generator) -> list[tuple]:
    """Fill answers.values for the edition's usable firms (see the module docstring); returns the calibration
    report (stage, target, printed, reached)."""
    n = len(firms)
    techs = [r["item"] for r in items if r["option_set"] == "use_plans"]
    donors = _Donors(previous, techs, rng)
    for item in (r["item"] for r in items):
        answers.values[item] = np.full(n, np.nan)
    for j, firm in enumerate(firms):
        _carry_forward(answers, j, previous.history.get(firm, (None, None)), items, techs, spec.wave, donors, rng)
    for t in techs:  # a technology the edition adds: planned by some, used only as calibrated below
        fresh = np.isnan(answers.values[t]) & ~np.isnan(answers.values[techs[0]])
        answers.values[t][fresh] = np.where(rng.random(int(fresh.sum())) < 0.15, PLANS, NEITHER)
    report = _calibrate(answers, techs, spec.wave, rng)
    is_adopter = _follow_adoption(answers, n, items, techs, donors)
    report += _added_items(answers, items, is_adopter, spec.wave, rng)
    return report


def _carry_forward(answers: Answers, j: int, history: tuple[int | None, dict[str, float] | None],
                   items: list[dict[str, str]], techs: list[str], wave: int, donors: _Donors,
                   rng: np.random.Generator) -> None:
    """Respondent j's answers from its own of the last edition it was usable in (history), else a donor's of its
    stratum: each question block but the technologies answered anew with probability REANSWER, the
    technologies moved by their transitions."""
    last_wave, own = history
    start = own if own is not None else donors.draw(answers.strata[j])
    # technologies move once per two years since the firm last answered (a donor's: once)
    moves = max(1, (wave - last_wave) // 2) if last_wave is not None else 1
    for block in blocks(items):
        source = start
        if block[0] not in techs and rng.random() < REANSWER:  # technologies move by transitions only
            source = donors.draw(answers.strata[j], adopts=donors.adopts(start))
        for item in block:
            if item in source:
                answers.values[item][j] = source[item]
    for t in techs:
        previous_answer = answers.values[t][j]
        if np.isnan(previous_answer):
            continue
        for _ in range(moves):
            previous_answer = rng.choice([USES, PLANS, NEITHER], p=TRANSITIONS[int(previous_answer)])
        answers.values[t][j] = previous_answer


def _follow_adoption(answers: Answers, n: int, items: list[dict[str, str]], techs: list[str], donors: _Donors
                     ) -> np.ndarray:
    """The adopters' questions follow adoption: a new adopter answers them as an adopter of its stratum did, a
    firm that stopped using AI leaves them empty. Returns who is an adopter."""
    asked_adopters = {r["item"] for r in items if r["asked_of"] == "adopters"}
    is_adopter = np.logical_or.reduce([answers.values[t] == USES for t in techs])
    adopter_blocks = [b for b in blocks(items) if b[0] in asked_adopters]
    for j in range(n):
        answered = any(not np.isnan(answers.values[b[0]][j]) for b in adopter_blocks)
        if is_adopter[j] and not answered:
            source = donors.draw(answers.strata[j], adopts=True)
            for block in adopter_blocks:
                for item in block:
                    if item in source:
                        answers.values[item][j] = source[item]
        if not is_adopter[j]:
            for block in adopter_blocks:
                for item in block:
                    answers.values[item][j] = np.nan
    return is_adopter


def _lean_order(candidates: np.ndarray, answers: Answers, rng: np.random.Generator, smaller_first: bool = False
                ) -> np.ndarray:
    """The candidates in a random order that puts larger firms first more often (NEW_ADOPTER_LEAN), or
    smaller ones."""
    lean = np.array([NEW_ADOPTER_LEAN[answers.strata[j][1]] for j in candidates])
    lean = 1 / lean if smaller_first else lean
    return candidates[np.argsort(-rng.random(len(candidates)) ** (1 / lean))]


def _pick(need: float, candidates: np.ndarray, answers: Answers, rng: np.random.Generator, lean: bool = False,
          smaller_first: bool = False) -> list[int]:
    """Respondents whose weights add up to `need` (weighted firms) within a hundredth of a point: in random
    order (larger firms first more often, with lean), skipping any that would overshoot, so that the small
    weights of the large strata finish the sum."""
    tolerance = 0.01 * answers.weight.sum() / 100
    order = _lean_order(np.asarray(candidates), answers, rng, smaller_first) if lean else rng.permutation(candidates)
    chosen: list[int] = []
    for j in order:
        if need < tolerance:
            break
        if answers.weight[j] <= need + tolerance:
            chosen.append(int(j))
            need -= answers.weight[j]
    return chosen


def _uses(answers: Answers, t: str) -> np.ndarray:
    return answers.values[t] == USES


def _adopters(answers: Answers, techs: list[str]) -> np.ndarray:
    return np.logical_or.reduce([_uses(answers, t) for t in techs])


def _calibrate(answers: Answers, techs: list[str], wave: int, rng: np.random.Generator) -> list[tuple]:
    """Meet the edition's published technology figures (all firms): first the share of adopters (new
    adopters take up the technology furthest below its figure; firms stop using AI where the share is too
    high), then each technology with a figure, among adopters."""
    figures = headline_figures(wave)
    codes = indicator_codes()
    goal = {}
    for t in techs:
        indicator = next((i for i, (item, c) in codes.items() if item == t and c == {USES}), None)
        if indicator and (indicator, "all_firms") in figures:
            goal[t] = (indicator, figures[(indicator, "all_firms")])
    report = []
    if ("uses_any_ai", "all_firms") in figures:
        target = figures[("uses_any_ai", "all_firms")]
        _meet_adoption(answers, techs, goal, target, rng)
        report.append(("edition", "uses_any_ai all_firms total=all", target, answers.share(_adopters(answers, techs))))
    generative = ("uses_generative_ai", "all_firms") in figures and {LANGUAGE, IMAGES} <= set(goal)
    for t, (indicator, target) in sorted(goal.items(), key=lambda g: g[0] == IMAGES):
        generative_share = figures[("uses_generative_ai", "all_firms")] if t == IMAGES and generative else None
        _meet_technology(answers, techs, t, target, goal, generative_share, rng)
        report.append(("edition", f"{indicator} all_firms total=all", target, answers.share(_uses(answers, t))))
    return report


def _meet_adoption(answers: Answers, techs: list[str], goal: dict[str, tuple[str, float]], target: float,
                   rng: np.random.Generator) -> None:
    """The share of adopters to target: new adopters (planners first, larger firms first more often) take up
    the technology furthest below its figure; or adopters stop, smaller firms first."""
    total = answers.weight.sum()
    answered = ~np.isnan(answers.values[techs[0]])
    need = (target - answers.share(_adopters(answers, techs))) * total / 100
    if need > 0:
        planning = np.logical_or.reduce([answers.values[t] == PLANS for t in techs])
        adopters = _adopters(answers, techs)
        for pool in (~adopters & answered & planning, ~adopters & answered & ~planning):
            for j in _pick(need, np.flatnonzero(pool), answers, rng, lean=True):
                lagging = max(goal or {t: None for t in techs},
                              key=lambda t: (goal[t][1] - answers.share(_uses(answers, t))) if t in goal else 0)
                answers.values[lagging][j] = USES
                need -= answers.weight[j]
    elif need < 0:  # smaller firms stop first
        for j in _pick(-need, np.flatnonzero(_adopters(answers, techs)), answers, rng, lean=True, smaller_first=True):
            for t in techs:
                if answers.values[t][j] == USES:
                    answers.values[t][j] = PLANS


def _meet_technology(answers: Answers, techs: list[str], t: str, target: float, goal: dict[str, tuple[str, float]],
                     generative_share: float | None, rng: np.random.Generator) -> None:
    """Technology t's share to target among adopters; for the image, video or audio generation item, with
    generative_share (the share using generative AI) given, first among the users of language generation as the
    figures' union says."""
    total = answers.weight.sum()
    uses = functools.partial(_uses, answers)
    need = (target - answers.share(uses(t))) * total / 100
    if need > 0 and generative_share is not None:
        # the users of both generative technologies: language + images - generative AI (the figures' union)
        both = (goal[LANGUAGE][1] + target - generative_share) * total / 100
        both -= answers.weight[uses(t) & uses(LANGUAGE)].sum()
        for j in _pick(both, np.flatnonzero(uses(LANGUAGE) & ~uses(t)), answers, rng):
            answers.values[t][j] = USES
        need = (target - answers.share(uses(t))) * total / 100
        for j in _pick(need, np.flatnonzero(_adopters(answers, techs) & ~uses(t) & ~uses(LANGUAGE)), answers, rng):
            answers.values[t][j] = USES
    elif need > 0:
        for j in _pick(need, np.flatnonzero(_adopters(answers, techs) & ~uses(t)), answers, rng):
            answers.values[t][j] = USES
    elif need < 0:
        several = np.sum([uses(u) for u in techs], axis=0) >= 2
        for j in _pick(-need, np.flatnonzero(uses(t) & several), answers, rng):
            answers.values[t][j] = NEITHER


def _added_items(answers: Answers, items: list[dict[str, str]], is_adopter: np.ndarray, wave: int,
                 rng: np.random.Generator) -> list[tuple]:
    """Answers to the non-technology items an edition adds, as their published figures say: a yes/no item
    on generative AI is yes for the users of a generative technology (the language and the image, video or
    audio generation items, whose overlap the figures fix), a single-choice item among its population
    in the published shares."""
    figures = headline_figures(wave)
    codes = indicator_codes()
    added = {c["item"] for w in SPECS if w <= wave for c in SPECS[w].codebook_changes if c["change"] == "added"}
    report = []
    answered = ~np.isnan(answers.values["tech_text_analysis"])
    for r in items:
        item = r["item"]
        if item not in added or r["option_set"] == "use_plans":
            continue
        who = answered & (is_adopter if r["asked_of"] == "adopters" else True)
        population = "adopters" if r["asked_of"] == "adopters" else "all_firms"
        shares = {min(c): (i, figures[(i, population)]) for i, (it, c) in codes.items()
                  if it == item and len(c) == 1 and (i, population) in figures}
        if item == "genai_use":
            generative = [t["item"] for t in items if t["item"] in (LANGUAGE, IMAGES)]
            yes = np.logical_or.reduce([answers.values[t] == USES for t in generative])
            answers.values[item] = np.where(who, yes.astype(float), np.nan)
        else:
            values = np.full(len(who), np.nan)
            free = who.copy()
            rest = [c for c in range(1, 10)]
            for code, (_, share) in sorted(shares.items()):
                need = share / 100 * answers.weight[who].sum()
                chosen = _pick(need, np.flatnonzero(free), answers, rng)
                values[chosen] = code
                free[chosen] = False
                rest.remove(code)
            values[free] = rest[0]
            answers.values[item] = values
        base = who if population == "adopters" else np.ones(len(who), dtype=bool)
        for code, (indicator, share) in sorted(shares.items()):
            reached = 100 * answers.weight[base & (answers.values[item] == code)].sum() / answers.weight[base].sum()
            report.append(("edition", f"{indicator} {population} total=all", share, reached))
    return report


def _write(out: Path, spec: Spec, invitations: list[Invitation], outcome: dict[int, str], usable: list[int],
           answers: Answers, items: list[dict[str, str]], frame: dict, reached: list[tuple], micro_share: float,
           rng: np.random.Generator) -> int:
    """The edition's raw files; returns the number of duplicate responses written."""
    out.mkdir(parents=True, exist_ok=True)
    start = datetime(spec.wave, 5, 17, 8, 0)
    day = lambda: start + timedelta(minutes=int(rng.integers(0, FIELDWORK_DAYS * 24 * 60)))  # noqa: E731
    names = [r["item"] for r in items]

    def profile(size_class: str, group: str | None) -> dict[str, str]:
        return firm_profile(size_class, group, rng)

    def answers_of(j: int) -> dict[str, str]:
        return {item: format_value(answers.values[item][j]) for item in names}

    rows, first = [], {}
    for j, k in enumerate(usable):
        inv = invitations[k]
        t = day()
        row = {"invitation_id": inv.invitation_id, "submitted_at": t,
               "enterprise_number": typed(inv.enterprise_number, rng),
               **profile(answers.strata[j][1], inv.nace_group), **answers_of(j)}
        rows.append(row)
        first[k] = row
    for k in sorted(k for k, r in outcome.items() if r != "usable"):
        inv, reason = invitations[k], outcome[k]
        prof, donor = excluded_response(reason, inv, answers_of(int(rng.integers(len(usable)))), rng)
        rows.append({"invitation_id": inv.invitation_id, "submitted_at": day(),
                     "enterprise_number": typed(inv.enterprise_number, rng), **prof, **donor})
    silent = [k for k in range(len(invitations)) if k not in outcome and invitations[k].delivered]
    duplicates = rng.choice(usable, size=int(round(DUPLICATE_RATE * len(usable))), replace=False)
    via = rng.choice(silent, size=int(round(DUPLICATE_OTHER_NUMBER * len(duplicates))), replace=False)
    for d, k in enumerate(duplicates):
        row = first[int(k)]
        later = row["submitted_at"] + timedelta(hours=int(rng.integers(2, 24 * DUPLICATE_LAG_DAYS)))
        rows.append({**row, "submitted_at": later,
                     "enterprise_number": typed(invitations[int(k)].enterprise_number, rng),
                     "invitation_id": invitations[int(via[d])].invitation_id if d < len(via) else row["invitation_id"]})
    rows.sort(key=lambda row: (row["submitted_at"], row["invitation_id"]))
    header = list(layout.RESPONSE_PROFILE) + [n for n in names if n not in layout.RESPONSE_PROFILE]
    order = sorted(frame, key=lambda s: (s[0], SIZE_ORDER.index(s[1])))
    write_raw(out, spec.wave, header, rows, invitations, [(g, s, frame[(g, s)]) for g, s in order])
    with (out / "generator_targets.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["stage", "target", "printed", "reached"])
        for stage, label, printed, value in reached:
            w.writerow([stage, label, printed, f"{value:.6f}"])
    columns = ["item", "change", *layout.CODEBOOK_COLUMNS]
    with (out / "codebook_changes.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows([{c: change.get(c, "") for c in columns} for change in spec.codebook_changes])
    write_wave_info(out, f"written by aibarometer generate --wave {spec.wave}; {spec.provenance}", start,
                    start + timedelta(days=FIELDWORK_DAYS + DUPLICATE_LAG_DAYS),
                    design=spec.design.text(micro_share), frame_source=spec.frame_source)
    return len(duplicates)
