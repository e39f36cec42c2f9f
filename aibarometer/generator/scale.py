"""Scale mode: uncalibrated waves of any size, in the raw layout of a real export, for benchmarks.

Answers are drawn from simple propensities (larger firms adopt more; adopter-only and follow-up
questions only where they are asked), not calibrated to any report. The frame's populations are the
2021 frame scaled so that every stratum's population exceeds its respondents several times over.
Files are written through DuckDB, which keeps a 1,000,000-respondent wave within about a minute.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from tqdm import tqdm

from aibarometer import layout
from aibarometer.generator.reference import Reference
from aibarometer.codebook import export_items
from aibarometer.generator.wave import EMPLOYEES, NACE_CLASSES, write_wave_info
from aibarometer.paths import wave_dir

ADOPTION = {"5-9": 0.18, "10-49": 0.22, "50-249": 0.40, "250+": 0.65}
MIN_PER_STRATUM = 2
EXCLUDED_SHARE = 0.05  # of received responses, spread over the four exclusion rules
FIELDWORK_SECONDS = 8_640_000  # submissions spread over 100 days from 17 May
OPTION_CODES = {
    "use_plans": [1, 2, 3], "yes_no": [0, 1], "lack_level": [1, 2, 3], "budget_change": [1, 2, 3, 4, 5],
    "employment_change": [1, 2, 3], "initiative_awareness": [1, 2, 3],
}


def enterprise_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """n distinct enterprise numbers with valid Belgian check digits, formatted 0123.456.789."""
    first8 = 2_000_000 + rng.permutation(n).astype(np.int64) * 11 + int(rng.integers(0, 11))
    check = 97 - first8 % 97
    digits = pd.Series(first8).astype(str).str.zfill(8) + pd.Series(check).astype(str).str.zfill(2)
    return (digits.str[:4] + "." + digits.str[4:7] + "." + digits.str[7:]).to_numpy()


def _answers(items: list[dict[str, str]], n: int, size: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Coded answers (float, NaN = no answer) respecting who is asked and follow-up conditions."""
    out: dict[str, np.ndarray] = {}
    p_adopt = np.vectorize(ADOPTION.get)(size)
    adopter = rng.random(n) < p_adopt
    techs = [it for it in items if it["option_set"] == "use_plans"]
    uses = np.zeros((n, len(techs)), dtype=bool)
    uses[adopter, :] = rng.random((int(adopter.sum()), len(techs))) < 0.35
    first = rng.integers(0, len(techs), n)
    uses[adopter, first[adopter]] = True  # an adopter uses at least one technology
    plans = ~uses & (rng.random((n, len(techs))) < 0.08)
    for j, it in enumerate(techs):
        out[it["item"]] = np.where(uses[:, j], 1.0, np.where(plans[:, j], 2.0, 3.0))
    answered_section = {}
    for it in items:
        if it["item"] in out or it["item_type"] in ("enterprise_number", "count", "nace_code", "derived"):
            continue
        section = it["section"]
        if section not in answered_section:
            answered_section[section] = rng.random(n) < 0.9
        asked = answered_section[section] & (adopter if it["asked_of"] == "adopters" else True)
        if it["condition_item"]:
            codes = [float(c) for c in it["condition_codes"].split("|")]
            asked = asked & np.isin(out[it["condition_item"]], codes)
        if it["item_type"] == "percentage":
            values = np.round(rng.gamma(2.0, 6.0, n)).clip(1, 100)
        else:
            values = rng.choice(OPTION_CODES[it["option_set"]], n).astype(float)
        out[it["item"]] = np.where(asked, values, np.nan)
    return out


def generate_scale(respondents: int, waves: list[int], raw_root: Path, seed: int = 7) -> None:
    """Write `waves` uncalibrated waves of exactly `respondents` usable responses each under raw_root."""
    ref = Reference(2021)
    if respondents < MIN_PER_STRATUM * len(ref.strata):
        raise ValueError(f"scale mode needs at least {MIN_PER_STRATUM * len(ref.strata)} respondents per wave "
                         f"({MIN_PER_STRATUM} in each of the {len(ref.strata)} strata), got {respondents}")
    items = [it for it in export_items() if it["item"] != "enterprise_number"]
    shares = np.array([s.usable for s in ref.strata], dtype=float)
    shares /= shares.sum()
    factor = max(1, math.ceil(8 * respondents / sum(s.population for s in ref.strata)))
    con = duckdb.connect()
    with tqdm(total=len(waves) * 4, unit="file", desc="scale waves") as bar:
        for wave in waves:
            rng = np.random.default_rng([seed, wave])
            out = wave_dir(wave, raw_root)
            out.mkdir(parents=True, exist_ok=True)
            # two usable responses per stratum at least: a stratum without any has no weight, and one
            # with a single response has no within-stratum variance
            usable = MIN_PER_STRATUM + rng.multinomial(respondents - MIN_PER_STRATUM * len(shares), shares)
            population = np.maximum([s.population * factor for s in ref.strata], 4 * usable)
            frame = pd.DataFrame({"wave": wave, "nace_group": [s.nace_group for s in ref.strata],
                                  "size_class": [s.size_class for s in ref.strata], "population_firms": population})
            _write(con, frame[list(layout.columns("frame"))], out / "frame.csv")
            first_day = pd.Timestamp(f"{wave}-05-17")
            write_wave_info(out, f"uncalibrated scale-mode wave of {respondents} usable responses, for benchmarks",
                            first_day, first_day + pd.Timedelta(seconds=FIELDWORK_SECONDS))
            bar.update()

            received = np.ceil(usable / (1 - EXCLUDED_SHARE)).astype(int)
            sampled = np.ceil(received * 1.4).astype(int)
            stratum = np.repeat(np.arange(len(ref.strata)), sampled)
            n_sampled = len(stratum)
            sample = pd.DataFrame({
                "wave": wave,
                "invitation_id": [f"INV{i:08d}" for i in range(1, n_sampled + 1)],
                "enterprise_number": enterprise_numbers(n_sampled, rng),
                "nace_group": np.array([s.nace_group for s in ref.strata])[stratum],
                "size_class": np.array([s.size_class for s in ref.strata])[stratum],
            })
            sample["contact_email"] = "contact@" + sample["invitation_id"].str.lower() + ".example"
            _write(con, sample[list(layout.columns("sample"))], out / "sample.csv")
            bar.update()

            # the first `received` invitations of each stratum respond; of the rest, 1 in 8 bounce
            rank = np.concatenate([np.arange(k) for k in sampled])
            responds = rank < np.repeat(received, sampled)
            bounced = ~responds & (rng.random(n_sampled) < 0.125)
            fieldwork = pd.DataFrame({
                "wave": wave, "invitation_id": sample["invitation_id"],
                "delivery_status": np.where(bounced, "bounced", "delivered"),
                "reminders_sent": rng.integers(0, 3, n_sampled), "phone_follow_up": "false",
            })
            _write(con, fieldwork[list(layout.columns("fieldwork"))], out / "fieldwork.csv")
            bar.update()

            idx = np.flatnonzero(responds)
            n = len(idx)
            size = sample["size_class"].to_numpy()[idx]
            group = sample["nace_group"].to_numpy()[idx]
            lo = np.vectorize(lambda c: EMPLOYEES[c][0])(size)
            hi = np.vectorize(lambda c: EMPLOYEES[c][1])(size)
            employees = np.floor(lo + (hi - lo + 1) * rng.random(n) ** 2).astype(int)
            codes = {g: np.array(c) for g, c in NACE_CLASSES.items()}
            nace = np.empty(n, dtype=object)
            for g, c in codes.items():
                sel = group == g
                nace[sel] = c[rng.integers(0, len(c), int(sel.sum()))]
            answers = _answers(items, n, size, rng)
            # the responses beyond each stratum's usable count are excluded: too small, out of scope, or
            # without any AI answer (one rule each, at random), so usable responses are exactly `usable`
            excluded = rank[idx] >= np.repeat(usable, received)
            rule = np.where(excluded, rng.integers(0, 3, n), -1)
            employees = np.where(rule == 0, rng.integers(1, 5, n), employees)
            nace = np.where(rule == 1, "64.19", nace)
            blank = rule == 2
            responses = pd.DataFrame({
                "response_id": [f"R{i:08d}" for i in range(1, n + 1)], "wave": wave,
                "invitation_id": sample["invitation_id"].to_numpy()[idx],
                "submitted_at": pd.Timestamp(f"{wave}-05-17")
                + pd.to_timedelta(rng.integers(0, FIELDWORK_SECONDS, n), "s"),
                "enterprise_number": sample["enterprise_number"].to_numpy()[idx],
                "employees": employees, "nace_code": nace,
            })
            for it in items:
                if it["item"] in answers:
                    values = np.where(blank, np.nan, answers[it["item"]])
                    responses[it["item"]] = pd.array(values, dtype="Float64").astype("Int64")
            answered_columns = [c for c in responses.columns if c not in layout.RESPONSE_PROFILE]
            _write(con, responses[list(layout.RESPONSE_PROFILE) + answered_columns], out / "responses.csv")
            bar.update()
    con.close()


def _write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, path: Path) -> None:
    con.register("frame_to_write", frame)
    con.execute(f"copy (select * from frame_to_write) to '{path}' (header, delimiter ',')")
    con.unregister("frame_to_write")
