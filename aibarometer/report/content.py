"""What each figure and table of the report shows, read from the public database only.

A figure starts from the indicators the printed report shows (marts.dim_report_figures) and is completed
to the whole question: every item of the same question (same section and answer scale) is shown with the
same answers (but for an item another figure is about), an item whose figure shows a single answer code
gets its full answer distribution (every single-code indicator on the item, but for an answer another figure
of the same question is about), and a total that is the sum of parts shown beside it (e.g. 'uses at least
one' beside 'uses one', 'two', ...) moves to the caption. Shares and mean percentages go in separate panels.
Every population the figure is shown for gets its own panel with its N."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd


@dataclass
class Figure:
    number: int
    populations: list[str]
    shares: list[str]  # indicators, in display order (grouped by item)
    means: list[str]
    totals: list[str] = field(default_factory=list)  # sums of parts shown, named in the caption
    distributions: list[str] = field(default_factory=list)  # items whose shown answers add up to 100%


@dataclass
class Wave:
    wave: int
    is_synthetic: bool | None
    provenance: str
    estimates: pd.DataFrame  # fct_indicator_estimates of the wave, as published (withheld values empty)
    indicators: pd.DataFrame  # dim_indicators, indexed by indicator
    codes: pd.DataFrame  # dim_code_lists
    layout: pd.DataFrame  # dim_report_figures, every wave (see layout_of)
    trends: pd.DataFrame
    benchmark: pd.DataFrame
    info: dict  # dim_waves' row: fieldwork window and funnel totals
    quality: pd.DataFrame  # fct_quality_indicators of the wave
    strata: pd.DataFrame  # dim_strata of the wave (the report's Tables 1 and 2)
    funnel: pd.DataFrame  # fct_fieldwork_funnel of the wave, per stratum
    sensitivity: pd.DataFrame  # fct_weighting_sensitivity of the wave
    totals: dict = field(default_factory=dict)  # (indicator, population) -> its breakdown-total row
    figures: dict = field(default_factory=dict)  # number -> Figure, worked out once

    def __post_init__(self) -> None:
        total = self.estimates[self.estimates["breakdown"] == "total"]
        self.totals = {(r["indicator"], r["population"]): r for _, r in total.iterrows()}


def waves(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [w for (w,) in con.sql("select wave from marts.dim_waves order by wave").fetchall()]


def load(con: duckdb.DuckDBPyConnection, wave: int) -> Wave:
    info = con.sql("select * from marts.dim_waves where wave = ?", params=[wave]).df().iloc[0].to_dict()
    synthetic, provenance = info["is_synthetic"], info["provenance"]

    def of_wave(table: str) -> pd.DataFrame:
        return con.sql(f"select * from marts.{table} where wave = ?", params=[wave]).df()

    return Wave(
        wave, synthetic, provenance,
        con.sql("select * from marts.fct_indicator_estimates where wave = ?", params=[wave]).df(),
        con.sql("select * from marts.dim_indicators").df().set_index("indicator"),
        con.sql("select * from marts.dim_code_lists").df(),
        con.sql("select * from marts.dim_report_figures").df(),
        con.sql("select * from marts.fct_indicator_trends where wave = ? and breakdown = 'total' "
                "and population = 'all_firms' and section = 'adoption'", params=[wave]).df(),
        con.sql("select * from marts.fct_eurostat_benchmark where wave = ?", params=[wave]).df(),
        info, of_wave("fct_quality_indicators"), of_wave("dim_strata"), of_wave("fct_fieldwork_funnel"),
        of_wave("fct_weighting_sensitivity"))


def codes_of(indicators: pd.DataFrame, indicator: str) -> frozenset[str]:
    counted = indicators.at[indicator, "counted_codes"]
    return frozenset(counted.split("|")) if isinstance(counted, str) and counted else frozenset()


def layout_of(data: Wave, source: str) -> pd.DataFrame:
    """What a figure or table shows: as the wave's own report printed it, or, for a wave whose report did
    not print it (a later edition's headline figures only), as the first report did: the questionnaire is
    the same."""
    rows = data.layout[data.layout["report_source"] == source]
    own = rows[rows["wave"] == data.wave]
    return own if not own.empty or rows.empty else rows[rows["wave"] == rows["wave"].min()]


def question(indicators: pd.DataFrame, indicator: str) -> tuple:
    """The question an indicator's item belongs to: its section and answer scale (the item alone when it
    has no scale)."""
    option_set = indicators.at[indicator, "option_set"]
    return ((indicators.at[indicator, "section"], option_set) if isinstance(option_set, str)
            else (indicators.at[indicator, "item"],))


def figure(data: Wave, number: int) -> Figure | None:
    if number not in data.figures:
        data.figures[number] = _figure(data, number)
    return data.figures[number]


def _figure(data: Wave, number: int) -> Figure | None:
    rows = layout_of(data, f"figure_{number}")
    if rows.empty:
        return None
    # the indicators the wave estimates: an item a later wave adds has no bar in an earlier wave's figure
    ind = data.indicators[data.indicators.index.isin(set(data.estimates["indicator"]))]
    shown = [i for i in rows["indicator"].drop_duplicates() if i in ind.index]
    populations = [p for p in ordered_codes(data, "population") if p in set(rows["population"])]
    # the whole question: every item of the same section on the same answer scale, with the same answers
    # what the report's other figures are about: their items, and their answers per question
    others = set(data.layout.loc[data.layout["report_source"].str.startswith("figure_")
                                 & (data.layout["report_source"] != f"figure_{number}"), "indicator"]) & set(ind.index)
    other_items = {ind.at[i, "item"] for i in others} - {ind.at[i, "item"] for i in shown}
    other_answers = {(question(ind, i), codes_of(ind, i)) for i in others}
    chosen: list[str] = []
    for indicator in sorted(shown, key=lambda i: ind.at[i, "sort_order"]):
        item, option_set, section = (ind.at[indicator, "item"], ind.at[indicator, "option_set"],
                                     ind.at[indicator, "section"])
        same = ind[(ind["section"] == section) & (ind["option_set"] == option_set)] if isinstance(option_set, str) \
            else ind[ind["item"] == item]
        same = same[~same["item"].isin(other_items)]  # an item another figure is about stays there
        for other, row in same.sort_values("sort_order").iterrows():
            if (row["statistic"] == ind.at[indicator, "statistic"]
                    and codes_of(ind, other) == codes_of(ind, indicator) and other not in chosen):
                chosen.append(other)
    # full distributions: where a single answer code is shown, every single-code share of the item, except
    # an answer another figure of the report is about (Figure 2 shows use; the plans are Figure 3's)
    items = {ind.at[i, "item"] for i in chosen if len(codes_of(ind, i)) == 1}
    for other in ind[ind["item"].isin(items) & (ind["statistic"] == "pct")].index:
        if (len(codes_of(ind, other)) == 1 and other not in chosen
                and (question(ind, other), codes_of(ind, other)) not in other_answers):
            chosen.append(other)
    # a total that is the union of two or more parts shown goes to the caption
    totals = []
    for indicator in list(chosen):
        parts = [o for o in chosen if o != indicator and ind.at[o, "item"] == ind.at[indicator, "item"]
                 and codes_of(ind, o) and codes_of(ind, o) < codes_of(ind, indicator)]
        if len(parts) >= 2 and frozenset().union(*(codes_of(ind, p) for p in parts)) == codes_of(ind, indicator):
            chosen.remove(indicator)
            totals.append(indicator)
    by_item = sorted(chosen, key=lambda i: (min(ind.loc[ind["item"] == ind.at[i, "item"], "sort_order"]),
                                          ind.at[i, "sort_order"]))
    shares = [i for i in by_item if ind.at[i, "statistic"] == "pct"]
    return Figure(number, populations, shares, [i for i in by_item if ind.at[i, "statistic"] != "pct"], totals,
                  distributions(data, shares, populations))


def distributions(data: Wave, shares: list[str], populations: list[str]) -> list[str]:
    """The items whose shown answers are a whole distribution: two or more answers counting disjoint codes
    whose estimates add up to 100% in every population shown (so a stacked bar says it at a glance)."""
    ind, found = data.indicators, []
    for item in dict.fromkeys(ind.at[i, "item"] for i in shares):
        answers = [i for i in shares if ind.at[i, "item"] == item]
        codes = [codes_of(ind, i) for i in answers]
        if len(answers) < 2 or sum(len(c) for c in codes) != len(frozenset().union(*codes)):
            continue
        sums = [sum(data.totals[(i, p)]["estimate"] if (i, p) in data.totals else float("nan") for i in answers)
                for p in populations]
        if all(abs(s - 100) < 0.01 for s in sums):
            found.append(item)
    return found


def answer_label(data: Wave, indicator: str, lang: str) -> str:
    """A part of a distribution by its answer (the answer scale's code list) where it counts one code of a
    scale, else by the indicator's own label."""
    option_set, codes = data.indicators.at[indicator, "option_set"], codes_of(data.indicators, indicator)
    if isinstance(option_set, str) and len(codes) == 1:
        return label(data, f"answer_{option_set}", next(iter(codes)), lang)
    return data.indicators.at[indicator, f"label_{lang}"]


def item_label(data: Wave, item: str, lang: str) -> str:
    """An item by its own words: the part of its question after the colon of a grid's stem, else the
    question."""
    question = data.indicators.loc[data.indicators["item"] == item, f"question_{lang}"].iloc[0]
    question = re.sub(r"\s*\((afgeleid|derived)[^)]*\)", "", question)  # how the warehouse derives it
    return question.split(": ", 1)[-1].rstrip("?").strip()


def table_layout(data: Wave, number: int) -> tuple[list[str], str, str] | None:
    """Table n's indicators (columns, in the report's order), population and breakdown (rows)."""
    rows = layout_of(data, f"table_{number}")
    if rows.empty:
        return None
    columns = sorted(rows["indicator"].unique(), key=lambda i: data.indicators.at[i, "sort_order"])
    return columns, rows["population"].iloc[0], rows["breakdown"].iloc[0]


def label(data: Wave, code_list: str, code: str, lang: str) -> str:
    match = data.codes[(data.codes["code_list"] == code_list) & (data.codes["code"] == code)]
    return match[f"label_{lang}"].iloc[0] if not match.empty else code


def ordered_codes(data: Wave, code_list: str) -> list[str]:
    rows = data.codes[data.codes["code_list"] == code_list].sort_values("sort_order")
    return [c for c in rows["code"] if c != "TOTAL"]


def report_numbers(data: Wave, kind: str) -> list[int]:
    """The numbers of the report's figures or tables, in the report's order (code list report_source, whose
    labels are their titles in Dutch and English)."""
    return [int(code.split("_")[1]) for code in ordered_codes(data, "report_source") if code.startswith(kind + "_")]
