"""The data-quality checkpoint's results as one HTML page that opens offline: warehouse/quality/<run>/index.html.

Great Expectations' Data Docs (data_docs/index.html beside it) load Bootstrap, jQuery and bootstrap-table from
15 CDN links hard-coded in its templates (great_expectations/render/view/templates/*.j2; GE ships only its own
CSS and images): offline they render unstyled and the index, which bootstrap-table fills in, lists no
validation. This page is written from the same validation results with no external asset (inline CSS, no
script): per suite (a wave and a table) every expectation with its rule, column, meaning, outcome, the count
it found and example values. A steward reads it on a machine with no network; the Data Docs stay for a
browser that has one.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 78rem; color: #1d1d1f; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f5; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #106b21; } .fail { color: #b00020; font-weight: 600; }
code { font-size: 90%; } .muted { color: #666; }
"""


def _cell(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def outcome(result) -> tuple[str, Any, list]:
    """What an expectation's result found: its column (or columns), the count that decides it and examples.
    A rule of the raw profile counts breaking responses (observed_value, the examples in its meta); a mart's
    expectation counts unexpected rows, with GE's partial list of their values."""
    config = result.expectation_config
    kwargs = config.kwargs
    found = result.result or {}
    if "examples" in (config.meta or {}):
        return config.meta["column"], found.get("observed_value"), config.meta["examples"]
    column = kwargs.get("column") or f"{kwargs.get('column_A')} vs {kwargs.get('column_B')}"
    return column, found.get("unexpected_count"), found.get("partial_unexpected_list") or []


def write_quality_page(path: Path, suites: list, failures: list) -> Path:
    """Write the page for the suites of one checkpoint run (each with name, wave, table and results)."""
    rows = []
    for suite in suites:
        passed = sum(r.success for r in suite.results)
        status = "pass" if passed == len(suite.results) else "fail"
        rows.append(f'<tr><td><a href="#{_cell(suite.name)}">{_cell(suite.name)}</a></td><td>{_cell(suite.table)}'
                    f'</td><td class="n">{len(suite.results)}</td><td class="n">{passed}</td>'
                    f'<td class="{status}">{status}</td></tr>')
    sections = []
    for suite in suites:
        lines = []
        for r in suite.results:
            column, count, examples = outcome(r)
            config = r.expectation_config
            rule = (config.meta or {}).get("rule") or config.type
            status = "pass" if r.success else "fail"
            meaning = (config.description or "").removeprefix(f"{column}: ")  # the column has its own cell here
            lines.append(f'<tr><td><code>{_cell(rule)}</code></td><td><code>{_cell(column)}</code></td>'
                         f"<td>{_cell(meaning)}</td><td class=\"{status}\">{status}</td>"
                         f'<td class="n">{_cell(count)}</td><td>{_cell(", ".join(map(str, examples[:5])))}</td></tr>')
        sections.append(f'<h2 id="{_cell(suite.name)}">{_cell(suite.name)}</h2>'
                        f'<p class="muted">Wave {suite.wave}, {_cell(suite.table)}: {len(suite.results)} '
                        f"expectations, one per rule.</p><table><tr><th>rule</th><th>column</th><th>meaning</th>"
                        f"<th>outcome</th><th>count</th><th>examples</th></tr>{''.join(lines)}</table>")
    failed = "".join(f"<li>{_cell(f)}</li>" for f in failures) or "<li>none</li>"
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Data quality: checkpoint</title>'
            f"<style>{STYLE}</style></head><body><h1>Data-quality checkpoint</h1>"
            f'<p class="muted">Written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by aibarometer/quality.py from '
            f"Great Expectations' validation results; opens offline. The count is the number of accepted "
            f"responses breaking a raw rule, or of mart rows outside an expectation. Great Expectations' own "
            f'Data Docs: <a href="data_docs/index.html">data_docs/index.html</a> (styled only with network '
            f"access).</p><h2>Failures</h2><ul>{failed}</ul><h2>Suites</h2><table><tr><th>suite</th>"
            f"<th>table</th><th>expectations</th><th>passed</th><th>outcome</th></tr>{''.join(rows)}</table>"
            f"{''.join(sections)}</body></html>\n")
    path.write_text(page, encoding="utf-8")
    return path
