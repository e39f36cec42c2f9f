"""The report's Figures 1-12 and Tables 3-5 regenerated from the marts: PNG files and one static page.

Bars carry their 95% confidence intervals as error bars; suppressed estimates (fewer than 5
respondents) are drawn as an empty, hatched bar labelled as such and printed as 'onderdrukt' /
'suppressed' in the tables. The page is Dutch, with an English switch. Reads the public database, so
the report shows exactly what is published.
"""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

FIGURE_TITLES = {
    1: ("Adoptiegraad aantal AI-technologieën", "Number of AI technologies used"),
    2: ("Adoptiegraad type AI-technologieën", "Adoption of AI technologies"),
    3: ("Adoptiepotentieel type AI-technologieën", "Adoption potential of AI technologies"),
    4: ("Drempels adoptie AI-technologieën", "Barriers to adopting AI"),
    5: ("Gebrekkige kennis AI", "Lack of AI knowledge"),
    6: ("Toepassing AI-technologieën", "Applications of AI"),
    7: ("Bronnen van AI-technologieën", "Sources of AI technologies"),
    8: ("Evolutie AI-budget", "Evolution of the AI budget"),
    9: ("Impact AI-technologieën op competitiviteit", "Impact of AI on competitiveness"),
    10: ("Impact op tewerkstelling laagopgeleide werknemers", "Impact on low-skilled employment"),
    11: ("Impact op tewerkstelling hoogopgeleide werknemers", "Impact on high-skilled employment"),
    12: ("Kennis Vlaams Actieplan AI", "Awareness of the Flemish AI action plan"),
}
TABLES = {
    3: ("adoption", "uses_", "nace_group", "all_firms", "Adoptiegraad per bedrijfssector",
        "Adoption by sector"),
    4: ("adoption", "uses_", "size_class", "all_firms", "Adoptiegraad per bedrijfsgrootte", "Adoption by size"),
    5: ("applications", "applies_", "nace_group", "adopters", "Toepassing AI per bedrijfssector",
        "Applications by sector"),
}


def load(con: duckdb.DuckDBPyConnection, wave: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    estimates = con.sql(f"select * from marts.fct_indicator_estimates where wave = {wave}").df()
    figures = con.sql(
        f"select report_source, indicator, population from marts.dim_report_figures "
        f"where wave = {wave} order by report_source, population, indicator").df()
    return estimates, figures


def figure_png(number: int, rows: pd.DataFrame, path: Path) -> None:
    rows = rows.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.42 * len(rows) + 1.2))
    labels = [f"{r.label_nl} ({r.population.replace('_', ' ')})" for r in rows.itertuples()]
    shown = ~rows["suppressed"] & rows["estimate"].notna()
    values = rows["estimate"].where(shown, 0.0)
    low = (rows["estimate"] - rows["ci_lower"]).where(shown, 0.0).clip(lower=0)
    high = (rows["ci_upper"] - rows["estimate"]).where(shown, 0.0).clip(lower=0)
    y = range(len(rows))
    ax.barh(y, values, xerr=[low, high], color="#2b6cb0", ecolor="#1a202c", capsize=3)
    for i, r in rows.iterrows():
        if not shown[i]:
            ax.barh(i, 1, color="none", edgecolor="#718096", hatch="//")
            ax.text(1.5, i, "onderdrukt (< 5 respondenten)", va="center", fontsize=8, color="#4a5568")
        else:
            ax.text(r.ci_upper + 0.8 if pd.notna(r.ci_upper) else r.estimate + 0.8, i, f"{r.estimate:.1f}",
                    va="center", fontsize=8)
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.invert_yaxis()
    unit = "%" if (rows["statistic"] == "pct").all() else "% (gemiddelde / mean)"
    ax.set_xlabel(f"{unit}, 95%-betrouwbaarheidsinterval")
    ax.set_title(f"Figuur {number}: {FIGURE_TITLES[number][0]}", fontsize=10, loc="left")
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def table_frame(estimates: pd.DataFrame, number: int) -> pd.DataFrame:
    section, prefix, breakdown, population, _, _ = TABLES[number]
    rows = estimates[(estimates["section"] == section) & estimates["indicator"].str.startswith(prefix)
                     & (estimates["breakdown"] == breakdown) & (estimates["population"] == population)]
    cells = rows.assign(cell=[
        "onderdrukt" if s else f"{e:.1f}% [{lo:.1f}-{hi:.1f}]" if pd.notna(lo) else f"{e:.1f}%"
        for s, e, lo, hi in zip(rows["suppressed"], rows["estimate"], rows["ci_lower"], rows["ci_upper"])
    ])
    table = cells.pivot(index="breakdown_value", columns="label_nl", values="cell")
    return table


def table_png(number: int, table: pd.DataFrame, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(min(2 + 1.6 * table.shape[1], 18), 0.45 * len(table) + 1.2))
    ax.axis("off")
    shown = ax.table(cellText=table.fillna("").to_numpy(), rowLabels=list(table.index),
                     colLabels=[c[:28] for c in table.columns], loc="center", cellLoc="center")
    shown.auto_set_font_size(False)
    shown.set_fontsize(7)
    ax.set_title(f"Tabel {number}: {TABLES[number][4]}", fontsize=10)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def build_report(database: Path, out: Path, wave: int = 2021) -> Path:
    """Write figure_<n>.png, table_<n>.png and index.html into out; returns the page."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    estimates, figures = load(con, wave)
    con.close()
    total = estimates[estimates["breakdown"] == "total"]
    sections = []
    for number, (nl, en) in FIGURE_TITLES.items():
        keys = figures[figures["report_source"] == f"figure_{number}"][["indicator", "population"]]
        rows = keys.merge(total, on=["indicator", "population"])  # the report's order
        if rows.empty:
            continue
        figure_png(number, rows, out / f"figure_{number}.png")
        sections.append((f"figure_{number}", f"Figuur {number}: {nl}", f"Figure {number}: {en}", None))
    for number, spec in TABLES.items():
        table = table_frame(estimates, number)
        table_png(number, table, out / f"table_{number}.png")
        sections.append((f"table_{number}", f"Tabel {number}: {spec[4]}", f"Table {number}: {spec[5]}", table))
    page = out / "index.html"
    page.write_text(render_page(sections, wave), encoding="utf-8")
    return page


def render_page(sections, wave: int) -> str:
    parts = []
    for name, nl, en, table in sections:
        body = f'<img src="{name}.png" alt="{html.escape(nl)}">'
        if table is not None:
            body += table.to_html(classes="data", border=0, na_rep="")
        parts.append(f'<section id="{name}"><h2><span lang="nl">{html.escape(nl)}</span>'
                     f'<span lang="en">{html.escape(en)}</span></h2>{body}</section>')
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>AI-Barometer {wave}</title>
<style>
body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #1a202c; }}
img {{ max-width: 100%; }} table.data {{ font-size: 12px; border-collapse: collapse; }}
table.data td, table.data th {{ padding: 2px 6px; border-bottom: 1px solid #e2e8f0; }}
html[lang=nl] [lang=en], html[lang=en] [lang=nl] {{ display: none; }}
</style></head>
<body>
<button id="language" onclick="var h=document.documentElement; h.lang = h.lang == 'nl' ? 'en' : 'nl';">
NL / EN</button>
<h1><span lang="nl">AI-Barometer {wave}: figuren en tabellen</span>
<span lang="en">AI-Barometer {wave}: figures and tables</span></h1>
<p><span lang="nl">Gewogen schattingen met 95%-betrouwbaarheidsintervallen; schattingen op minder dan 5
respondenten zijn onderdrukt.</span><span lang="en">Weighted estimates with 95% confidence intervals;
estimates on fewer than 5 respondents are suppressed.</span></p>
{''.join(parts)}
</body></html>
"""
