"""The synthetic firm register: one population of Flemish firms, followed from edition to edition, from which
every synthetic edition's sample is drawn by the report's design (section 2.2).

A firm keeps its enterprise number for life. Between two editions (two years) firms die, are born and move
to a neighbouring size class; whether the register has contact data for them and whether they sit in the
Community Innovation Survey's sample (CIS) changes too. The baseline edition fixes the register: its
population per stratum is Table 1's, its sampled firms are exactly the committed baseline sample, and the
firms it did not sample are those the design leaves out (medium and large firms without contact data, micro
firms in the CIS sample or without contact data, small firms in the CIS sample or not drawn).

The design (Design): every medium and large firm with contact data; a share of the small firms (17%,
spread over the sectors in proportion to their populations) drawn among those with contact data outside the
CIS sample; micro firms with contact data outside the CIS sample, all of them or, where an edition's sample
size says otherwise, a share drawn per sector. Firms in the samples of two editions make the editions'
estimates dependent: docs/trends.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SIZE_ORDER = ("5-9", "10-49", "50-249", "250+")
# two-year rates (synthetic, plausible for Belgian firm demography): deaths, size moves up and down
DEATH = {"5-9": 0.10, "10-49": 0.07, "50-249": 0.05, "250+": 0.03}
GROW = {"5-9": 0.06, "10-49": 0.02, "50-249": 0.03, "250+": 0.0}
SHRINK = {"5-9": 0.0, "10-49": 0.04, "50-249": 0.04, "250+": 0.05}
BIRTHS = 1.06  # births per death, per sector and size class (most are micro firms, by the death rates)
CONTACT_KEPT, CONTACT_FOUND = 0.97, 0.08  # contact data kept by a firm that had it; found for one that had not
CONTACT_AT_BIRTH = 0.65
CIS_SHARE = {"5-9": 0.16, "10-49": 0.12, "50-249": 0.0, "250+": 0.0}  # in the CIS sample, redrawn each edition
CIS_KEPT = 0.5  # a CIS sample keeps half its firms from one edition to the next


@dataclass(frozen=True)
class Design:
    """An edition's sampling design: the share of small firms drawn, and of the micro firms that qualify
    (1.0: all of them), or a total sample size the micro firms make up."""

    small_share: float = 0.17
    micro_share: float = 1.0
    sample_size: int | None = None  # when given, the micro share is what makes the sample this size

    def text(self, micro_share: float) -> str:
        micro = ("all micro firms (5-9 employees) with contact data outside the CIS sample" if micro_share >= 1 else
                 f"{100 * micro_share:.1f}% of the micro firms (5-9 employees) with contact data outside the CIS "
                 "sample, per sector")
        return (f"every medium and large firm with contact data; {100 * self.small_share:.0f}% of the small firms "
                f"per sector, drawn among those with contact data outside the CIS sample; {micro}")


@dataclass
class Register:
    """The firms (one index each) and what each edition knows of them."""

    number: list[int]  # first eight digits of the enterprise number
    nace_group: list[str]
    size: dict[int, list[str | None]] = field(default_factory=dict)  # edition -> size class, None: not alive
    contact: dict[int, np.ndarray] = field(default_factory=dict)
    cis: dict[int, np.ndarray] = field(default_factory=dict)
    bounce_prone: np.ndarray | None = None  # the e-mail on file tends to bounce (persistent)
    latent: np.ndarray | None = None  # propensity to respond (persistent, standard normal scale)

    def alive(self, wave: int) -> np.ndarray:
        return np.array([s is not None for s in self.size[wave]])

    def stratum(self, wave: int, i: int) -> tuple[str, str] | None:
        size = self.size[wave][i]
        return None if size is None else (self.nace_group[i], size)

    def frame(self, wave: int) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for i, size in enumerate(self.size[wave]):
            if size is not None:
                key = (self.nace_group[i], size)
                counts[key] = counts.get(key, 0) + 1
        return counts

    def _new_numbers(self, count: int, rng: np.random.Generator) -> list[int]:
        taken = set(self.number)
        found: list[int] = []
        while len(found) < count:
            # eight digits below 20,000,000: enterprise numbers start with 0 or 1
            for n in rng.integers(2_000_000, 19_999_999, size=2 * (count - len(found)) + 10):
                if int(n) not in taken:
                    taken.add(int(n))
                    found.append(int(n))
                    if len(found) == count:
                        break
        return found


def baseline_register(wave: int, frame: dict[tuple[str, str], int], sampled: list[tuple[int, str, str]],
                      bounced: set[int], responded: set[int], rng: np.random.Generator) -> Register:
    """The register as the baseline edition saw it: its sampled firms (first eight digits, nace group, size
    class), and as many firms again per stratum as Table 1 counts beyond them, with attributes that make the
    baseline sample exactly what the design draws. bounced and responded are indices into sampled."""
    register = Register(number=[n for n, _, _ in sampled], nace_group=[g for _, g, _ in sampled])
    sizes: list[str | None] = [s for _, _, s in sampled]
    contact = [True] * len(sampled)
    cis = [False] * len(sampled)
    drawn = {}
    for _, g, s in sampled:
        drawn[(g, s)] = drawn.get((g, s), 0) + 1
    extra: list[tuple[str, str, bool, bool]] = []
    for (g, s), population in sorted(frame.items()):
        for _ in range(population - drawn.get((g, s), 0)):
            if s in ("50-249", "250+"):  # take-all: not sampled means no contact data
                extra.append((g, s, False, False))
            elif s == "5-9":  # all qualifying micro firms were sampled: in the CIS sample, or no contact data
                in_cis = rng.random() < 0.45
                extra.append((g, s, in_cis or rng.random() < 0.5, in_cis))
            else:  # small: in the CIS sample, or not drawn (mostly with contact data)
                in_cis = rng.random() < CIS_SHARE[s] / (1 - 0.17)
                extra.append((g, s, in_cis or rng.random() < 0.9, in_cis))
    register.number += register._new_numbers(len(extra), rng)
    register.nace_group += [g for g, _, _, _ in extra]
    sizes += [s for _, s, _, _ in extra]
    contact += [c for _, _, c, _ in extra]
    cis += [k for _, _, _, k in extra]
    register.size[wave] = sizes
    register.contact[wave] = np.array(contact)
    register.cis[wave] = np.array(cis)
    n = len(register.number)
    prone = np.zeros(n, dtype=bool)
    prone[list(bounced)] = True
    register.bounce_prone = prone
    # response propensity: the baseline's responders lean towards responding again
    latent = rng.normal(0.0, 1.0, size=n)
    sampled_idx = np.arange(len(sampled))
    answered = np.isin(sampled_idx, list(responded))
    latent[sampled_idx[answered]] = rng.normal(0.9, 0.8, size=int(answered.sum()))
    latent[sampled_idx[~answered]] = rng.normal(-0.2, 0.9, size=int((~answered).sum()))
    register.latent = latent
    return register


def evolve(register: Register, before: int, after: int, rng: np.random.Generator) -> None:
    """Two years of firm demography from edition `before` to `after`: deaths, size moves, births (to the
    strata that lost firms, in proportion to their deaths), contact data found or lost, a new CIS sample."""
    sizes: list[str | None] = []
    deaths: dict[tuple[str, str], int] = {}
    for i, size in enumerate(register.size[before]):
        if size is None:
            sizes.append(None)
            continue
        if rng.random() < DEATH[size]:
            deaths[(register.nace_group[i], size)] = deaths.get((register.nace_group[i], size), 0) + 1
            sizes.append(None)
            continue
        k, u = SIZE_ORDER.index(size), rng.random()
        if u < GROW[size]:
            size = SIZE_ORDER[k + 1]
        elif u < GROW[size] + SHRINK[size]:
            size = SIZE_ORDER[k - 1]
        sizes.append(size)
    had = register.contact[before]
    contact = np.where(had, rng.random(len(had)) < CONTACT_KEPT, rng.random(len(had)) < CONTACT_FOUND)
    born: list[tuple[str, str]] = []
    for (g, s), dead in sorted(deaths.items()):
        births = int(round(dead * BIRTHS))
        if s in ("50-249", "250+"):  # few firms are born large: most of a large stratum's births are micro
            born += [(g, s)] * (births // 3) + [(g, "5-9")] * (births - births // 3)
        else:
            born += [(g, s)] * births
    register.number += register._new_numbers(len(born), rng)
    register.nace_group += [g for g, _ in born]
    for w in register.size:
        register.size[w] = register.size[w] + [None] * len(born)
    for w in register.contact:
        register.contact[w] = np.concatenate([register.contact[w], np.zeros(len(born), dtype=bool)])
    for w in register.cis:
        register.cis[w] = np.concatenate([register.cis[w], np.zeros(len(born), dtype=bool)])
    register.size[after] = sizes + [s for _, s in born]
    register.contact[after] = np.concatenate([contact, rng.random(len(born)) < CONTACT_AT_BIRTH])
    register.bounce_prone = np.concatenate([register.bounce_prone, rng.random(len(born)) < 0.10])
    register.latent = np.concatenate([register.latent, rng.normal(0.0, 1.0, size=len(born))])
    previous = register.cis[before]
    cis = np.zeros(len(register.number), dtype=bool)
    for i, size in enumerate(register.size[after]):
        if size is None or not CIS_SHARE[size]:
            continue
        cis[i] = rng.random() < (CIS_KEPT if previous[i] else CIS_SHARE[size] * (1 - CIS_KEPT) / (1 - CIS_SHARE[size]))
    register.cis[after] = cis


def draw_sample(register: Register, wave: int, design: Design, rng: np.random.Generator) -> tuple[list[int], float]:
    """The firms an edition samples (register indices, in stratum order) and the share of the qualifying micro
    firms taken."""
    qualifying: dict[tuple[str, str], list[int]] = {}
    for i in np.flatnonzero(register.alive(wave) & register.contact[wave] & ~register.cis[wave]):
        qualifying.setdefault(register.stratum(wave, int(i)), []).append(int(i))
    frame = register.frame(wave)
    chosen: dict[tuple[str, str], list[int]] = {}
    for key, firms in qualifying.items():
        g, s = key
        if s in ("50-249", "250+"):
            chosen[key] = firms
        elif s == "10-49":
            k = min(len(firms), int(round(design.small_share * frame[key])))
            chosen[key] = sorted(rng.choice(firms, size=k, replace=False).tolist())
    micro = {key: firms for key, firms in qualifying.items() if key[1] == "5-9"}
    eligible = sum(len(f) for f in micro.values())
    share = design.micro_share
    if design.sample_size is not None:
        share = (design.sample_size - sum(len(f) for f in chosen.values())) / eligible
    counts = _apportion({key: len(f) * min(share, 1.0) for key, f in micro.items()},
                        design.sample_size - sum(len(f) for f in chosen.values()) if design.sample_size else None)
    for key, firms in micro.items():
        chosen[key] = firms if counts[key] >= len(firms) else sorted(
            rng.choice(firms, size=counts[key], replace=False).tolist())
    order = sorted(chosen, key=lambda k: (k[0], SIZE_ORDER.index(k[1])))
    return [i for key in order for i in chosen[key]], min(share, 1.0)


def _apportion(quotas: dict, total: int | None) -> dict:
    """Whole numbers close to the quotas that add up to total (largest remainders), or rounded quotas."""
    if total is None:
        return {k: int(round(q)) for k, q in quotas.items()}
    floors = {k: int(np.floor(q)) for k, q in quotas.items()}
    left = total - sum(floors.values())
    for k in sorted(quotas, key=lambda k: (floors[k] - quotas[k], k))[:max(left, 0)]:
        floors[k] += 1
    return floors
