"""The pages: one per wave and language (Dutch and English, linked to each other), laid out as a
publication: a title page (edition, publication date, version), contents, key findings, the report's figures
and Tables 3-5 in the report's order (each table in the section its figures belong to), the change between
editions, the Eurostat benchmark, the methods section and an annex with Tables 1 and 2; and a landing page
per language with each edition's headline, its change and every download. Pages print on A4 (headless
Chromium) with no table or figure wider than the text column."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from aibarometer.report import text
from aibarometer.report.charts import figure_svg, order_note
from aibarometer.report.content import Wave, figure, label, report_numbers, table_layout
from aibarometer.report.methods import HEADLINE, annex_html, findings, headline, methods_html
from aibarometer.report.tables import grid_html, table_html

STYLE = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 13px; line-height: 1.45; max-width: 1150px;
  margin: 2em auto; padding: 0 1em; color: #1a202c; }
h1 { font-size: 28px; } h2 { font-size: 19px; margin-top: 1.6em; } h3 { font-size: 15px; }
h2, h3 { break-after: avoid; }
.notice { background: #fefcbf; border: 1px solid #d69e2e; padding: .6em 1em; }
.title-page { min-height: 60vh; } .title-page .meta { color: #4a5568; }
nav.contents ol { columns: 2; } a { color: #2c5282; }
figure { margin: 1.5em 0; break-inside: avoid; } figcaption { font-size: 12px; color: #4a5568; }
figure svg { max-width: 100%; height: auto; display: block; }
.table { margin: 1.5em 0; } .table table { break-inside: auto; } tr { break-inside: avoid; }
thead { display: table-header-group; } td.gt_right, .parts th.gt_col_heading { white-space: nowrap; }
th.gt_column_spanner_outer, th.gt_column_spanner_outer span { white-space: normal; }
td.gt_stub { overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  nav.language { display: none; }
  .title-page { break-after: page; } nav.contents { break-after: page; }
}
"""


def _version() -> str:
    try:
        return version("aibarometer")
    except PackageNotFoundError:
        return "0"


def _trends(data: Wave, lang: str) -> str:
    words = text.WORDS[lang]
    if data.trends.empty:
        return f"<p>{words['no_trends']}</p>"
    order = data.indicators["sort_order"]
    rows = []
    for _, r in data.trends.assign(o=data.trends["indicator"].map(order)).sort_values("o").iterrows():
        withheld = bool(r["suppressed"])
        rows.append({
            "indicator": r[f"label_{lang}"],
            words["from"]: f"{r['base_wave']}: {'c' if withheld else text.percent(r['base_estimate'], lang)}",
            words["to"]: f"{r['wave']}: {'c' if withheld else text.percent(r['estimate'], lang)}",
            words["change"]: "c" if withheld else text.number(r["estimate_change"], lang),
            words["interval_of_change"]: "" if withheld else text.interval(r["ci_lower"], r["ci_upper"], lang),
            words["significant"]: "" if withheld else words["yes" if r["is_significant"] else "no"],
            words["break"]: words["yes" if r["is_break_in_series"] else "no"]})
    table = grid_html(words["trends"], words["trends_intro"], words["indicator"], rows,
                      text.source(data.wave, data.is_synthetic, lang))
    return f"<div class='table' id='trends_table'>{table}</div>"


def _benchmark(data: Wave, lang: str) -> str:
    words = text.WORDS[lang]
    if data.benchmark.empty:
        return f"<p>{words['no_benchmark']}</p>"
    rows = [{"indicator": data.indicators.at[r["indicator"], f"label_{lang}"],
             f"{words['flanders']} (%)": text.number(r["flanders_estimate"], lang),
             f"{words['flanders']}: {words['ci']}": text.interval(r["flanders_ci_lower"], r["flanders_ci_upper"], lang),
             words["area"]: label(data, "geo", r["benchmark_geo"], lang),
             "Eurostat (%)": text.number(r["benchmark_value"], lang)} for _, r in data.benchmark.iterrows()]
    table = grid_html(words["benchmark"], words["benchmark_scope"], words["indicator"], rows,
                      text.source(data.wave, data.is_synthetic, lang))
    return f"<div class='table' id='benchmark_table'>{table}</div>"


def _figure(data: Wave, number: int, lang: str) -> str | None:
    words = text.WORDS[lang]
    spec = figure(data, number)
    if spec is None:
        return None
    caption = [order_note(data, spec, lang), text.source(data.wave, data.is_synthetic, lang)]
    for total in spec.totals:
        row = data.totals.get((total, spec.populations[0]))
        if row is not None:
            caption.insert(0, words["total_note"].format(label=data.indicators.at[total, f"label_{lang}"],
                                                         value=text.percent(row["estimate"], lang)))
    title = f"{words['figure']} {number}: {label(data, 'report_source', f'figure_{number}', lang)}"
    return (f"<figure id='figure_{number}'><h3>{html.escape(title)}</h3>{figure_svg(data, spec, lang)}"
            f"<figcaption>{html.escape(' '.join(c for c in caption if c))}</figcaption></figure>")


def sections(data: Wave) -> list[tuple[str, list[tuple[str, int]]]]:
    """The report's order: its sections (questionnaire order), in each its figures, then its tables."""
    ind = data.indicators
    placed: dict[str, list[tuple[str, int]]] = {}
    for kind in ("figure", "table"):
        for number in report_numbers(data, kind):
            if kind == "figure":
                spec = figure(data, number)
                first = (spec.shares + spec.means)[0] if spec is not None and spec.shares + spec.means else None
            else:
                layout = table_layout(data, number)
                first = layout[0][0] if layout is not None else None
            if first is not None:
                placed.setdefault(ind.at[first, "section"], []).append((kind, number))
    order = ind.groupby("section")["section_sort_order"].min()
    return sorted(placed.items(), key=lambda kv: order[kv[0]])


def page_html(data: Wave, lang: str, published: date | None = None) -> str:
    words = text.WORDS[lang]
    other = "en" if lang == "nl" else "nl"
    published = published or date.today()
    body, contents = [], [("findings", words["findings"])]
    for section, items in sections(data):
        name = data.indicators.loc[data.indicators["section"] == section, f"section_label_{lang}"].iloc[0]
        contents.append((f"section_{section}", name))
        parts = [f"<h2 id='section_{section}'>{html.escape(name)}</h2>"]
        for kind, number in items:
            if kind == "figure":
                parts.append(_figure(data, number, lang) or "")
            else:
                for k, table in enumerate(table_html(data, number, lang) or [], 1):
                    anchor = f"table_{number}" if k == 1 else f"table_{number}_{k}"
                    parts.append(f"<div class='table parts' id='{anchor}'>{table}</div>")
        body.append(f"<section>{''.join(parts)}</section>")
    contents += [("trends", words["trends"]), ("benchmark", words["benchmark"]), ("methods", words["methods"]),
                 ("annex", words["annex"])]
    notice = (f"<p class='notice' id='synthetic'>{html.escape(words['synthetic'])}</p>" if data.is_synthetic else "")
    toc = "".join(f"<li><a href='#{anchor}'>{html.escape(name)}</a></li>" for anchor, name in contents)
    found = "".join(f"<li>{sentence}</li>" for sentence in findings(data, lang))
    title = words["title"].format(wave=data.wave)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>{STYLE}</style></head><body>
<nav class="language"><a href="{other}.html" hreflang="{other}" lang="{other}">{words['other_language']}</a> ·
<a href="../{'index.html' if lang == 'nl' else 'index_en.html'}">AI-Barometer</a></nav>
<section class="title-page"><h1>{title}</h1><p class="subtitle">{html.escape(words['subtitle'])}</p>
<p class="meta">{words['edition'].format(wave=data.wave)} · {words['published'].format(date=text.date(published, lang))}
 · {words['version'].format(version=_version())}</p>{notice}<p>{html.escape(words['intro'])}</p></section>
<nav class="contents"><h2>{words['contents']}</h2><ol>{toc}</ol></nav>
<section id="findings"><h2>{words['findings']}</h2><ul>{found}</ul></section>
{''.join(body)}
<section id="trends"><h2>{words['trends']}</h2>{_trends(data, lang)}</section>
<section id="benchmark"><h2>{words['benchmark']}</h2>{_benchmark(data, lang)}</section>
{methods_html(data, lang)}
{annex_html(data, lang)}
</body></html>
"""


def landing_html(editions: list[Wave], lang: str, downloads: Path) -> str:
    """The landing page in one language: per edition its headline with interval and change, its pages and
    PDFs; then every download (downloads: the public files' folder, relative to the landing page)."""
    words = text.WORDS[lang]
    items = []
    for data in sorted(editions, key=lambda d: -d.wave):
        h = headline(data)
        line = ""
        if h is not None:
            line = (f"{html.escape(words['headline'])}: <strong>{text.percent(h['estimate'], lang)}</strong> "
                    f"({words['ci']} {text.interval(h['ci_lower'], h['ci_upper'], lang)})")
            trend = data.trends[data.trends["indicator"] == HEADLINE]
            if not trend.empty and not trend.iloc[0]["suppressed"]:
                t = trend.iloc[0]
                line += (f"; {words['change'].lower()} {words['from'].lower()} {t['base_wave']}: "
                         f"{text.number(t['estimate_change'], lang)} "
                         f"({words['significant'].lower()}: {words['yes' if t['is_significant'] else 'no']})")
        synthetic = f" <span class='notice'>{html.escape(words['synthetic'].split(':')[0])}</span>" \
            if data.is_synthetic else ""
        items.append(f"<li><h2>{words['edition'].format(wave=data.wave)}</h2>{synthetic}<p>{line}</p><p>"
                     f"<a href='{data.wave}/{lang}.html' hreflang='{lang}'>HTML</a> · "
                     f"<a href='{data.wave}/{lang}.pdf'>PDF</a></p></li>")
    base = downloads.as_posix().rstrip("/")
    files = [(words["dl_database"], f"{base}/ai_barometer_public.duckdb"),
             (words["dl_parquet"], f"{base}/parquet/datapackage.json"),
             (words["dl_sdmx"], f"{base}/sdmx/structure.xml"), ("SDMX-CSV", f"{base}/sdmx/estimates.csv")]
    links = "".join(f"<li><a href='{href}'>{html.escape(name)}</a></li>" for name, href in files)
    other = "index_en.html" if lang == "nl" else "index.html"
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>AI-Barometer</title><style>{STYLE}</style></head><body>
<nav class="language"><a href="{other}" hreflang="{'en' if lang == 'nl' else 'nl'}">{words['landing_other']}</a></nav>
<h1>{words['landing']}</h1><p>{html.escape(words['intro'])}</p><ul class="editions">{''.join(items)}</ul>
<h2>{words['downloads']}</h2><ul>{links}</ul>
</body></html>
"""


def relative(target: Path, start: Path) -> Path:
    return Path(os.path.relpath(target, start))


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_args(profile: Path) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]


def print_pdf(page: Path, profile: Path) -> Path | None:
    """The page as an A4 PDF beside it (the page's @page rule), printed by headless Chromium with a profile
    outside the publication; None without Chromium."""
    browser = chromium()
    if browser is None:
        return None
    pdf = page.with_suffix(".pdf")
    subprocess.run([browser, *browser_args(profile), "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    page.as_uri()], capture_output=True, timeout=180, check=True)
    return pdf
