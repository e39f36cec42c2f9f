"""Figures as SVG with real text (so the browser test can measure every label): one panel per population
(its N in the panel title), shares and mean percentages in separate rows of panels, a horizontal bar per
answer with its 95% interval, values in the page's locale, low-reliability bars hatched and marked u,
withheld ones left empty and marked c, and a legend of both marks."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # keep text as <text>, measurable in the browser
matplotlib.rcParams["font.family"] = "DejaVu Sans"
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from aibarometer.report import text  # noqa: E402
from aibarometer.report.content import Figure, Wave, label  # noqa: E402

BAR = "#2b6cb0"
WRAP = 48  # characters per line of a bar label


def _panel(ax, data: Wave, indicators: list[str], population: str, lang: str, unit: str) -> None:
    est = data.estimates[(data.estimates["breakdown"] == "total") & (data.estimates["population"] == population)]
    est = est.set_index("indicator")
    y = list(range(len(indicators)))
    top = 0.0
    for i, indicator in enumerate(indicators):
        if indicator not in est.index:
            continue
        row = est.loc[indicator]
        if row["suppressed"] or row["estimate"] != row["estimate"]:
            ax.text(0.5, i, "c", va="center", fontsize=8, color="#4a5568")
            continue
        unreliable = row["reliability"] == "unreliable"
        ax.barh(i, row["estimate"], color="white" if unreliable else BAR, edgecolor=BAR,
                hatch="///" if unreliable else None, height=0.7)
        low, high = row["ci_lower"], row["ci_upper"]
        if low == low:
            ax.errorbar(row["estimate"], i, xerr=[[row["estimate"] - low], [high - row["estimate"]]],
                        fmt="none", ecolor="#1a202c", capsize=2, linewidth=0.8)
        end = high if high == high else row["estimate"]
        top = max(top, end)
        ax.text(end + 1, i, text.number(row["estimate"], lang) + (" u" if unreliable else ""), va="center",
                fontsize=7)
    ax.set_xlim(0, max(100.0 if unit == "share" else 10.0, top * 1.25 + 5))
    ax.set_yticks(y, [textwrap.fill(data.indicators.at[i, f"label_{lang}"], WRAP) for i in indicators],
                  fontsize=7)
    ax.invert_yaxis()
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel(text.WORDS[lang]["share" if unit == "share" else "mean"], fontsize=7)
    n = est.reindex(indicators)["respondents"].max()
    ax.set_title(f"{label(data, 'population', population, lang)} (N={text.count(int(n), lang)})"
                 if n == n else label(data, "population", population, lang), fontsize=8)


def figure_svg(data: Wave, spec: Figure, lang: str) -> str:
    """The figure as an SVG document (a string)."""
    rows = [(kind, inds) for kind, inds in (("share", spec.shares), ("mean", spec.means)) if inds]
    heights = [max(1.2, 0.28 * len(inds) * (1 + sum(len(data.indicators.at[i, f"label_{lang}"]) > WRAP
                                                    for i in inds) / max(len(inds), 1)) + 0.6)
               for _, inds in rows]
    columns = len(spec.populations)
    fig, axes = plt.subplots(len(rows), columns, figsize=(4.6 * columns + 2.6, sum(heights) + 0.9),
                             gridspec_kw={"height_ratios": heights}, squeeze=False, sharey="row")
    for r, (kind, inds) in enumerate(rows):
        for c, population in enumerate(spec.populations):
            _panel(axes[r][c], data, inds, population, lang, kind)
    words = text.WORDS[lang]
    fig.legend(handles=[Patch(facecolor=BAR, edgecolor=BAR, label=words["share"] if spec.shares else words["mean"]),
                        Patch(facecolor="white", edgecolor=BAR, hatch="///", label=words["flag_u"]),
                        Patch(facecolor="white", edgecolor="white", label=words["flag_c"])],
               loc="lower center", ncol=3, fontsize=7, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = out.getvalue()
    return svg[svg.index("<svg"):]
