"""The questionnaire's codebook as of a wave, read in one place by the Python side: the baseline
(seeds/questionnaire/codebook_items.csv, the seed dbt loads), the changes each wave declares in its
codebook_changes.csv and, once dbt has built a warehouse, the codebook exactly as dbt typed and checked a
wave with (intermediate.int_codebook_wave_items) with the answer rules of the seed item_types. The intake,
the data-quality checkpoint and both generators read it from here; dbt reads the same seeds."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from aibarometer.paths import SEEDS

CHANGES = ("added", "dropped", "reworded")
# what the technology items' names start with (tech_machine_learning), dropped in uses_<technology>
TECHNOLOGY_PREFIX = "tech_"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def baseline(seeds: Path = SEEDS) -> list[dict[str, str]]:
    """The baseline codebook, one dict per item in questionnaire order."""
    return _rows(seeds / "questionnaire" / "codebook_items.csv")


def export_items(seeds: Path = SEEDS) -> list[dict[str, str]]:
    """The baseline items that are columns of a responses export (derived items are computed by dbt)."""
    return [r for r in baseline(seeds) if r["item_type"] != "derived"]


def technology_option_set(seeds: Path = SEEDS) -> str:
    """The option set of the technology items: the one derived item n_technologies_used counts."""
    (option_set,) = {r["component_option_set"] for r in _rows(seeds / "questionnaire" / "derived_items.csv")
                     if r["item"] == "n_technologies_used"}
    return option_set


def technologies(seeds: Path = SEEDS) -> tuple[str, ...]:
    """The AI technologies in questionnaire order, named as the marts name them (uses_<technology>): the
    baseline's items on the technology option set without their tech_ prefix."""
    option_set = technology_option_set(seeds)
    return tuple(r["item"].removeprefix(TECHNOLOGY_PREFIX) for r in baseline(seeds) if r["option_set"] == option_set)


def change_files(raw_root: Path, wave: int, waves: Iterable[int]) -> list[tuple[int, Path]]:
    """The codebook_changes.csv of wave and of every earlier wave, oldest first: together with the baseline
    they define the codebook as of wave."""
    return [(w, path) for w in sorted(waves) if w <= wave
            for path in [raw_root / f"wave={w}" / "codebook_changes.csv"] if path.is_file()]


def items_as_of(items: Iterable[str], changes: Iterable[tuple[str, str]]) -> set[str]:
    """The items asked after applying (item, change) pairs in order: added items join, dropped ones leave."""
    asked = set(items)
    for item, change in changes:
        if change == "added":
            asked.add(item)
        elif change == "dropped":
            asked.discard(item)
    return asked


def from_warehouse(con, wave: int, schema: str = "wh") -> tuple[list[dict], dict[str, list[int]], dict[str, dict]]:
    """The codebook as wave `wave` asked it, from a built warehouse attached as `schema`: the baseline plus
    every change declared up to that wave (intermediate.int_codebook_wave_items, the table dbt types and
    checks the answers with), the answer codes of each option set, and the answer rules per item type (the
    seed item_types as loaded). A dropped item is not in it; an added one is."""
    items = [dict(zip(("item", "item_type", "option_set"), row, strict=True)) for row in con.execute(
        f"select item, item_type, coalesce(option_set, '') from {schema}.intermediate.int_codebook_wave_items "
        f"where wave = ? and item_type not in (select item_type from {schema}.raw.item_types where recorded_as = "
        "'derived') order by sort_order, item",
        [wave]).fetchall()]
    options: dict[str, list[int]] = {}
    for option_set, code in con.execute(f"select option_set, code from {schema}.raw.codebook_options "
                                        "order by all").fetchall():
        options.setdefault(option_set, []).append(int(code))
    rules = {r[0]: dict(zip(("item_type", "recorded_as", "whole_number", "min_value", "max_value"), r, strict=True))
             for r in con.execute(f"select item_type, recorded_as, whole_number, min_value, max_value "
                                  f"from {schema}.raw.item_types order by all").fetchall()}
    return items, options, rules
