"""Figures as SVG with real text (so the browser test can measure every label), drawn at the width of an A4
text column so that text prints at its size (9.5 pt = 12.7 px, never scaled down):
- an item whose answers add up to 100% is one 100% stacked bar (a block of bars per population, the
  answers in the scale's order and named by the scale's code list), in the questionnaire's order;
- other shares are horizontal bars with their 95% interval, one colour per population (its N in the
  legend), ordered by size in the first population; mean percentages in a block of their own;
- an axis of shares ends at the data (rounded up), never beyond 100%;
- low-reliability bars are hatched and marked u, withheld ones are empty and marked c, and the legend lists
  a mark only when a bar carries it."""

from __future__ import annotations

import io
import math
import textwrap

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # keep text as <text>, measurable in the browser
matplotlib.rcParams["font.family"] = "DejaVu Sans"
matplotlib.rcParams["svg.hashsalt"] = "ai-barometer"  # the same figure gives the same file
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from aibarometer.report import text  # noqa: E402
from aibarometer.report.content import Figure, Wave, answer_label, item_label, label  # noqa: E402

WIDTH = 7.0  # inches: 672 px, inside the 703 px of an A4 page between 12 mm margins
FONT = 9.5  # points: 12.7 px at that width
WRAP = 40  # characters per line of a bar label
POPULATION_COLOURS = {"all_firms": "#2b6cb0", "adopters": "#2f855a", "non_adopters": "#b7791f"}
SCALE_COLOURS = ["#1a365d", "#2c5282", "#3182ce", "#90cdf4", "#e2e8f0", "#cbd5e0"]  # an ordered scale
DARK = {"#1a365d", "#2c5282", "#3182ce", "#2b6cb0", "#2f855a", "#b7791f"}
INSIDE = 10.0  # points of 100 a stacked part needs to carry its value inside


def axis_end(top: float) -> float:
    """Where a share's axis ends: past the largest bar and its label, rounded up to 10, at most 100."""
    return min(100.0, max(10.0, math.ceil((top * 1.1 + 6) / 10) * 10))


class _Marks:
    """Which flags the bars carry, for the legend."""

    def __init__(self) -> None:
        self.unreliable = False
        self.withheld = False


def _row(data: Wave, indicator: str, population: str):
    return data.totals.get((indicator, population))


def _n(data: Wave, indicators: list[str], population: str) -> int | None:
    ns = [r["respondents"] for i in indicators if (r := _row(data, i, population)) is not None
          and r["respondents"] == r["respondents"]]
    return int(max(ns)) if ns else None


def _population_name(data: Wave, population: str, indicators: list[str], lang: str) -> str:
    n = _n(data, indicators, population)
    name = label(data, "population", population, lang)
    return f"{name} (N={text.count(n, lang)})" if n is not None else name


def _bars(ax, data: Wave, indicators: list[str], populations: list[str], lang: str, marks: _Marks) -> None:
    height = 0.8 / len(populations)
    top = 0.0
    for i, indicator in enumerate(indicators):
        for p, population in enumerate(populations):
            y = i - 0.4 + height * (p + 0.5)
            row = _row(data, indicator, population)
            if row is None:
                continue
            if row["suppressed"] or row["estimate"] != row["estimate"]:
                ax.text(0.5, y, "c", va="center", fontsize=FONT, color="#4a5568")
                marks.withheld = True
                continue
            colour = POPULATION_COLOURS.get(population, "#2b6cb0")
            unreliable = row["reliability"] == "unreliable"
            marks.unreliable |= unreliable
            ax.barh(y, row["estimate"], height=height * 0.9, color="white" if unreliable else colour,
                    edgecolor=colour, hatch="///" if unreliable else None)
            low, high = row["ci_lower"], row["ci_upper"]
            if low == low:
                ax.errorbar(row["estimate"], y, xerr=[[row["estimate"] - low], [high - row["estimate"]]],
                            fmt="none", ecolor="#1a202c", capsize=2, linewidth=0.8)
            end = high if high == high else row["estimate"]
            top = max(top, end)
            ax.text(end + 0.8, y, text.number(row["estimate"], lang) + (" u" if unreliable else ""),
                    va="center", fontsize=FONT)
    ax.set_xlim(0, axis_end(top))
    ax.set_ylim(len(indicators) - 0.5, -0.5)
    ax.set_yticks(range(len(indicators)),
                  [textwrap.fill(data.indicators.at[i, f"label_{lang}"], WRAP) for i in indicators], fontsize=FONT)


def _stacked(ax, data: Wave, items: dict[str, list[str]], population: str, lang: str, marks: _Marks,
             colours: dict[str, str]) -> None:
    for y, answers in enumerate(items.values()):
        left = 0.0
        for indicator in answers:
            row = _row(data, indicator, population)
            value = float(row["estimate"])
            colour = colours[answer_label(data, indicator, lang)]
            unreliable = row["reliability"] == "unreliable"
            marks.unreliable |= unreliable
            ax.barh(y, value, left=left, height=0.7, color=colour, edgecolor="white" if not unreliable else "#1a202c",
                    hatch="///" if unreliable else None, linewidth=0.6)
            if value >= INSIDE:
                ax.text(left + value / 2, y, text.number(value, lang), ha="center", va="center", fontsize=FONT,
                        color="white" if colour in DARK else "#1a202c")
            left += value
    ax.set_xlim(0, 100)
    ax.set_ylim(len(items) - 0.5, -0.5)
    ax.set_yticks(range(len(items)), [textwrap.fill(item_label(data, item, lang), WRAP) for item in items],
                  fontsize=FONT)


def _height(data: Wave, labels: list[str], per_row: float) -> float:
    lines = sum(len(textwrap.wrap(s, WRAP)) for s in labels)
    return max(1.4, per_row * len(labels) + 0.17 * lines + 0.6)


def blocks(data: Wave, spec: Figure) -> list[tuple[str, object]]:
    """The figure's blocks, top to bottom: ('stacked', (population, {item: answers})) per population,
    ('bars', indicators) for the other shares, ('means', indicators)."""
    ind = data.indicators
    out: list[tuple[str, object]] = []
    items = {item: [i for i in spec.shares if ind.at[i, "item"] == item] for item in spec.distributions}
    if items:
        for population in spec.populations:
            out.append(("stacked", (population, items)))
    rest = [i for i in spec.shares if ind.at[i, "item"] not in spec.distributions]
    for kind, indicators in (("bars", rest), ("means", spec.means)):
        if indicators:
            out.append((kind, by_size(data, indicators, spec.populations[0])))
    return out


def by_size(data: Wave, indicators: list[str], population: str) -> list[str]:
    """Items by the size of their first answer in the population (largest first), the answers of one item
    together in the questionnaire's order; a withheld value sorts last."""
    ind = data.indicators
    items = list(dict.fromkeys(ind.at[i, "item"] for i in indicators))

    def size(item: str) -> float:
        row = _row(data, next(i for i in indicators if ind.at[i, "item"] == item), population)
        value = None if row is None else row["estimate"]
        return -1.0 if value is None or value != value else float(value)

    ordered = sorted(items, key=size, reverse=True)
    return [i for item in ordered for i in indicators if ind.at[i, "item"] == item]


def order_note(data: Wave, spec: Figure, lang: str) -> str:
    """What the figure's order is, said in its caption."""
    words = text.WORDS[lang]
    notes = []
    if spec.distributions:
        notes.append(words["order_questionnaire"] + " " + words["stacked_note"])
    if any(kind != "stacked" for kind, _ in blocks(data, spec)):
        notes.append(words["order_value"].format(population=label(data, "population", spec.populations[0], lang)))
    return " ".join(notes)


def figure_svg(data: Wave, spec: Figure, lang: str) -> str:
    """The figure as an SVG document (a string)."""
    words = text.WORDS[lang]
    parts = blocks(data, spec)
    answers = list(dict.fromkeys(answer_label(data, i, lang) for i in spec.shares
                                 if data.indicators.at[i, "item"] in spec.distributions))
    colours = {a: SCALE_COLOURS[k % len(SCALE_COLOURS)] for k, a in enumerate(answers)}
    heights = []
    for kind, content in parts:
        if kind == "stacked":
            heights.append(_height(data, [item_label(data, i, lang) for i in content[1]], 0.3))
        else:
            heights.append(_height(data, [data.indicators.at[i, f"label_{lang}"] for i in content],
                                   0.08 + 0.2 * len(spec.populations)))
    fig, axes = plt.subplots(len(parts), 1, figsize=(WIDTH, sum(heights)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    marks = _Marks()
    for ax, (kind, content) in zip(axes[:, 0], parts, strict=True):
        if kind == "stacked":
            population, items = content
            _stacked(ax, data, items, population, lang, marks, colours)
            ax.set_title(_population_name(data, population, [i for a in items.values() for i in a], lang),
                         fontsize=FONT, loc="left")
            ax.set_xlabel(words["share"], fontsize=FONT)
        else:
            _bars(ax, data, content, spec.populations, lang, marks)
            ax.set_xlabel(words["share" if kind == "bars" else "mean"], fontsize=FONT)
        ax.tick_params(axis="x", labelsize=FONT)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: text.number(v, lang, 0)))
        ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(facecolor=colours[a], edgecolor="white", label=a) for a in answers]
    if any(kind != "stacked" for kind, _ in parts):
        shown = spec.shares + spec.means
        handles += [Patch(facecolor=POPULATION_COLOURS.get(p, "#2b6cb0"),
                          label=_population_name(data, p, shown, lang)) for p in spec.populations]
    if marks.unreliable:
        handles.append(Patch(facecolor="white", edgecolor="#1a202c", hatch="///", label=words["flag_u"]))
    if marks.withheld:
        handles.append(Patch(facecolor="white", edgecolor="white", label=words["flag_c"]))
    longest = max(len(h.get_label()) for h in handles)
    columns = max(1, min(len(handles), 80 // (longest + 6)))
    legend = 0.25 * math.ceil(len(handles) / columns) + 0.2  # inches under the plots
    fig.set_size_inches(WIDTH, sum(heights) + legend)
    fig.legend(handles=handles, loc="lower left", ncol=columns, fontsize=FONT, frameon=False,
               bbox_to_anchor=(0.0, 0.0))
    fig.tight_layout(rect=(0, legend / (sum(heights) + legend), 1, 1), h_pad=1.2)
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", pad_inches=0.05, metadata={"Date": None})
    plt.close(fig)
    svg = out.getvalue()
    return svg[svg.index("<svg"):]
