"""The project's own copies of the report's numbers and the questionnaire (seeds/), for the generator."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from aibarometer.codebook import technologies
from aibarometer.paths import SEEDS

# the AI technologies in the codebook's order (text_analysis, ..., autonomous_machines): the codebook's own
TECHS = technologies()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Stratum:
    index: int
    nace_group: str
    size_class: str
    population: int
    sampled: int
    usable: int

    @property
    def weight(self) -> float:
        return self.population / self.usable


@dataclass(frozen=True)
class Figure:
    value: float | None
    text: str
    decimals: int
    base_n: int


class Reference:
    """Frame, funnel and published figures of one wave, read from seeds/reference."""

    def __init__(self, wave: int, seeds: Path = SEEDS):
        self.wave = wave
        frame = [r for r in read_csv(seeds / "reference" / "ref_frame_strata.csv") if int(r["wave"]) == wave]
        self.strata = [
            Stratum(i, r["nace_group"], r["size_class"], int(r["population_firms"]), int(r["sampled_firms"]),
                    int(r["usable_responses"]))
            for i, r in enumerate(frame)
        ]
        self.funnel = {
            r["step"]: int(r["value"])
            for r in read_csv(seeds / "reference" / "ref_fieldwork_funnel.csv")
            if int(r["wave"]) == wave
        }
        self.figures: dict[tuple[str, str, str, str], Figure] = {}
        for r in read_csv(seeds / "reference" / "ref_published_figures.csv"):
            if int(r["wave"]) != wave:
                continue
            try:
                value = float(r["value"])
            except ValueError:
                value = None
            key = (r["indicator"], r["population"], r["breakdown"], r["breakdown_value"])
            self.figures[key] = Figure(value, r["value"], int(r["printed_decimals"]), int(r["printed_base_n"]))
        self.nace_groups = list(dict.fromkeys(s.nace_group for s in self.strata))
        self.size_classes = list(dict.fromkeys(s.size_class for s in self.strata))

    def figure(self, indicator: str, population: str = "all_firms", breakdown: str = "total",
               value: str = "all") -> Figure | None:
        return self.figures.get((indicator, population, breakdown, value))

    def base(self, indicator: str, population: str) -> int:
        fig = self.figure(indicator, population)
        assert fig is not None, indicator
        return fig.base_n
