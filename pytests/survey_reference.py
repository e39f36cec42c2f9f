"""An independent pandas implementation of the report's rules, to check the generated raw files and,
later, the warehouse: dispositions, strata from the firm's own answers, weights N_h / n_h and
weighted estimates of every indicator. Deliberately written apart from the dbt models."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from aibarometer.paths import SEEDS

SIZE_BOUNDS = [(5, 9, "5-9"), (10, 49, "10-49"), (50, 249, "50-249"), (250, 10**9, "250+")]
TECH_ITEMS = [
    "tech_text_analysis", "tech_speech_recognition", "tech_natural_language_generation",
    "tech_image_recognition", "tech_machine_learning", "tech_process_automation", "tech_autonomous_machines",
]


def nace_group(code: str) -> str | None:
    if not isinstance(code, str) or not re.match(r"^\d{2}", code):
        return None
    if code.startswith("95.1"):
        return "77-82;95.1"
    division = int(code[:2])
    for lo, hi in [(10, 33), (35, 39), (41, 43), (45, 47), (49, 53), (55, 56), (58, 63), (68, 75), (77, 82)]:
        if lo <= division <= hi:
            return f"{lo}-{hi}" if hi != 82 else "77-82;95.1"
    return None


def size_class(employees: float) -> str | None:
    for lo, hi, label in SIZE_BOUNDS:
        if lo <= employees <= hi:
            return label
    return None


def usable_respondents(wave_dir: Path) -> tuple[pd.DataFrame, pd.Series]:
    """(usable respondents with stratum and weight, disposition of every received response)."""
    r = pd.read_csv(wave_dir / "responses.csv", dtype=str, keep_default_na=False)
    frame = pd.read_csv(wave_dir / "frame.csv", dtype={"nace_group": str, "size_class": str})
    num = r.drop(columns=["response_id", "wave", "invitation_id", "submitted_at", "enterprise_number", "nace_code"])
    num = num.replace("", np.nan).astype(float)
    r = pd.concat([r[["response_id", "submitted_at", "enterprise_number", "nace_code"]], num], axis=1)
    r["firm"] = r["enterprise_number"].str.replace(r"\D", "", regex=True)
    r["nace_group"] = r["nace_code"].map(nace_group)
    r["size_class"] = r["employees"].map(size_class)
    disposition = pd.Series("usable", index=r.index)
    disposition[r["employees"] < 5] = "fewer_than_5_employees"
    disposition[(disposition == "usable") & r["nace_group"].isna()] = "sector_out_of_scope"
    codebook = pd.read_csv(SEEDS / "questionnaire" / "codebook_items.csv", dtype=str)
    ai_items = [i for i in codebook.loc[codebook["is_ai_question"] == "true", "item"] if i in r.columns]
    disposition[(disposition == "usable") & r[ai_items].isna().all(axis=1)] = "no_ai_question_answered"
    candidates = r[disposition == "usable"].sort_values(["submitted_at", "response_id"])
    dup = candidates.index[candidates.duplicated("firm", keep="first")]
    disposition[dup] = "duplicate"
    u = r[disposition == "usable"].copy()
    n_h = u.groupby(["nace_group", "size_class"]).size().rename("n_h")
    strata = frame.set_index(["nace_group", "size_class"]).join(n_h)
    strata["weight"] = strata["population_firms"] / strata["n_h"]
    u = u.join(strata["weight"], on=["nace_group", "size_class"])
    used = (u[TECH_ITEMS] == 1).sum(axis=1)
    plans = (u[TECH_ITEMS] == 2).any(axis=1)
    u["n_technologies_used"] = used.astype(float)
    u["adoption_status"] = np.where(used > 0, 1.0, np.where(plans, 2.0, 3.0))
    u["is_adopter"] = used > 0
    adapted = u[["source_commercial_adapted_in_house", "source_open_source_adapted_in_house"]]
    u["source_adapted_any"] = np.where(adapted.isna().all(axis=1), np.nan, (adapted == 1).any(axis=1).astype(float))
    return u, disposition


def indicator_definitions() -> pd.DataFrame:
    return pd.read_csv(SEEDS / "questionnaire" / "indicators.csv", dtype=str, keep_default_na=False).set_index(
        "indicator")


def estimate(u: pd.DataFrame, indicator: str, population: str, breakdown: str, value: str) -> tuple[float, int]:
    """Weighted estimate (0-100) and unweighted respondents of one indicator in one domain."""
    d = indicator_definitions().loc[indicator]
    dom = u
    if population == "adopters":
        dom = dom[dom["is_adopter"]]
    elif population == "non_adopters":
        dom = dom[~dom["is_adopter"]]
    if breakdown != "total":
        dom = dom[dom[breakdown] == value]
    y = dom[d["item"]]
    if d["condition_item"]:
        codes = [float(c) for c in d["condition_codes"].split("|")]
        y = y[dom[d["condition_item"]].isin(codes)]
    y = y.dropna()
    w = dom.loc[y.index, "weight"]
    if d["statistic"] == "mean_pct":
        return float((w * y).sum() / w.sum()), len(y)
    codes = [float(c) for c in d["counted_codes"].split("|")]
    return float(100 * (w * y.isin(codes)).sum() / w.sum()), len(y)


def svy_indicator_columns(definition: pd.Series):
    """polars expressions (y, valid) for svy: the score of an indicator and who answered it validly
    (the domain's 'x'), from its row of indicators.csv."""
    import polars as pl

    value = pl.col(definition["item"]).cast(pl.Float64)
    valid = value.is_not_null()
    if definition["condition_item"]:
        opened = [int(c) for c in definition["condition_codes"].split("|")]
        valid = valid & pl.col(definition["condition_item"]).is_in(opened)
    if definition["statistic"] == "pct":
        y = value.is_in([float(c) for c in definition["counted_codes"].split("|")]).cast(pl.Float64)
    else:
        y = value
    return y.fill_null(0.0), valid.fill_null(False)
