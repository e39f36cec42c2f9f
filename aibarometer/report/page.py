"""The pages: one per wave and language (Dutch and English, linked to each other) and a landing page
listing the waves. Each page has the synthetic notice when the wave is synthetic, Figures 1-12 with their
N, totals, source and flag legend, Tables 3-5, the trends between editions and the Eurostat benchmark.
A PDF of each page is printed by headless Chromium where it is installed."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

from aibarometer.report import text
from aibarometer.report.charts import figure_svg
from aibarometer.report.content import Wave, figure, label, report_numbers
from aibarometer.report.tables import table_html

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; max-width: 1150px; margin: 2em auto; color: #1a202c; }
.notice { background: #fefcbf; border: 1px solid #d69e2e; padding: .6em 1em; }
figure { margin: 2em 0; page-break-inside: avoid; } figcaption { font-size: 12px; color: #4a5568; }
figure svg { max-width: 100%; height: auto; }
table.trends { border-collapse: collapse; font-size: 12px; } table.trends td, table.trends th {
  padding: 2px 8px; border-bottom: 1px solid #e2e8f0; text-align: left; }
@media print { nav { display: none; } }
@page { margin: 16mm 12mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9px; } }
"""


def _trends(data: Wave, lang: str) -> str:
    words = text.WORDS[lang]
    if data.trends.empty:
        return f"<p>{words['no_trends']}</p>"
    rows = []
    for _, r in data.trends.sort_values("indicator").iterrows():
        rows.append(f"<tr><td>{html.escape(r[f'label_{lang}'])}</td><td>{r['base_wave']}: "
                    f"{text.percent(r['base_estimate'], lang)}</td><td>{r['wave']}: {text.percent(r['estimate'], lang)}"
                    f"</td><td>{text.number(r['estimate_change'], lang)} "
                    f"{text.interval(r['ci_lower'], r['ci_upper'], lang)}</td>"
                    f"<td>{words['yes'] if r['is_significant'] else words['no']}</td></tr>")
    return (f"<p>{words['trends_intro']}</p><table class='trends'><tr><th>{words['indicator']}</th>"
            f"<th>{words['from']}</th><th>{words['to']}</th><th>{words['change']}</th>"
            f"<th>{words['significant']}</th></tr>{''.join(rows)}</table>")


def _benchmark(data: Wave, lang: str) -> str:
    words = text.WORDS[lang]
    if data.benchmark.empty:
        return f"<p>{words['no_benchmark']}</p>"
    rows = []
    for _, r in data.benchmark.iterrows():
        rows.append(f"<tr><td>{html.escape(data.indicators.at[r['indicator'], f'label_{lang}'])}</td>"
                    f"<td>{words['flanders']}: {text.percent(r['flanders_estimate'], lang)} "
                    f"{text.interval(r['flanders_ci_lower'], r['flanders_ci_upper'], lang)}</td>"
                    f"<td>{html.escape(r['benchmark_geo'])}: {text.percent(r['benchmark_value'], lang)}</td>"
                    f"<td>{words['scope']}: {html.escape(r['population_scope'])}; {html.escape(r['sector_scope'])}"
                    f"</td></tr>")
    note = html.escape(data.benchmark["definition_note"].iloc[0])
    return f"<table class='trends'>{''.join(rows)}</table><p><small>{note}</small></p>"


def page_html(data: Wave, lang: str) -> str:
    words = text.WORDS[lang]
    other = "en" if lang == "nl" else "nl"
    source = words["source_synthetic" if data.is_synthetic else "source"].format(wave=data.wave)
    parts = []
    for number in report_numbers(data, "figure"):
        spec = figure(data, number)
        if spec is None:
            continue
        caption = [source]
        for total in spec.totals:
            row = data.estimates[(data.estimates["indicator"] == total) & (data.estimates["breakdown"] == "total")
                                 & (data.estimates["population"] == spec.populations[0])]
            if not row.empty:
                caption.insert(0, words["total_note"].format(label=data.indicators.at[total, f"label_{lang}"],
                                                             value=text.percent(row["estimate"].iloc[0], lang)))
        parts.append(f"<figure id='figure_{number}'><h2>{words['figure']} {number}: "
                     f"{html.escape(label(data, 'report_source', f'figure_{number}', lang))}</h2>"
                     f"{figure_svg(data, spec, lang)}"
                     f"<figcaption>{html.escape(' '.join(caption))}</figcaption></figure>")
    for number in report_numbers(data, "table"):
        table = table_html(data, number, lang)
        if table is not None:
            parts.append(f"<section id='table_{number}'>{table}</section>")
    notice = (f"<p class='notice' id='synthetic'>{html.escape(words['synthetic'].format(provenance=data.provenance))}"
              f"</p>" if data.is_synthetic else "")
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{words['title'].format(wave=data.wave)}</title>
<style>{STYLE}</style></head><body>
<nav><a href="{other}.html" hreflang="{other}" lang="{other}">{words['other_language']}</a> ·
<a href="../index.html">AI-Barometer</a></nav>
<h1>{words['title'].format(wave=data.wave)}</h1>
{notice}<p>{words['intro']}</p>
{''.join(parts)}
<section id="trends"><h2>{words['trends']}</h2>{_trends(data, lang)}</section>
<section id="benchmark"><h2>{words['benchmark']}</h2>{_benchmark(data, lang)}</section>
</body></html>
"""


def landing_html(waves: list[tuple[int, bool | None]]) -> str:
    items = "".join(
        f"<li>{text.WORDS['nl']['edition'].format(wave=w)}{' (synthetisch / synthetic)' if s else ''}: "
        f"<a href='{w}/nl.html' hreflang='nl'>Nederlands</a> (<a href='{w}/nl.pdf'>PDF</a>) · "
        f"<a href='{w}/en.html' hreflang='en'>English</a> (<a href='{w}/en.pdf'>PDF</a>)</li>" for w, s in waves)
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>AI-Barometer</title><style>{STYLE}</style></head><body>
<h1>{text.WORDS['nl']['landing']}</h1><p lang="en">{text.WORDS['en']['landing']}</p><ul>{items}</ul>
</body></html>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_args(profile: Path) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]


def print_pdf(page: Path, profile: Path) -> Path | None:
    """The page as a paginated PDF beside it, printed by headless Chromium; None without Chromium."""
    browser = chromium()
    if browser is None:
        return None
    pdf = page.with_suffix(".pdf")
    subprocess.run([browser, *browser_args(profile), "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    page.as_uri()], capture_output=True, timeout=180, check=True)
    return pdf
