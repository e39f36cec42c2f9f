"""Tables 3-5 as HTML tables with great-tables (Posit's maintained table library for Python: headers,
stub, source notes and footnotes as a statistical table has them, rendered to self-contained HTML): rows
in the dimension's order with labels in the page's language, a cell per indicator with its value and
95% interval in the page's locale, flags u and c, and the source line."""

from __future__ import annotations

import pandas as pd
from great_tables import GT

from aibarometer.report import text
from aibarometer.report.content import Wave, label, ordered_codes, table_layout


def cell(row: pd.Series | None, lang: str) -> str:
    if row is None:
        return ""
    if row["suppressed"] or row["estimate"] != row["estimate"]:
        return "c"
    shown = f"{text.number(row['estimate'], lang)} {text.interval(row['ci_lower'], row['ci_upper'], lang)}".strip()
    return shown + (" u" if row["reliability"] == "unreliable" else "")


def table_html(data: Wave, number: int, lang: str) -> str | None:
    layout = table_layout(data, number)
    if layout is None:
        return None
    columns, population, breakdown = layout
    est = data.estimates[(data.estimates["breakdown"] == breakdown) & (data.estimates["population"] == population)]
    cells = {(r.breakdown_value, r.indicator): r for _, r in est.iterrows()}
    head = label(data, "breakdown", breakdown, lang)
    rows = []
    for code in ordered_codes(data, breakdown):
        values = {data.indicators.at[i, f"label_{lang}"]: cell(cells.get((code, i)), lang) for i in columns}
        rows.append({head: label(data, breakdown, code, lang), **values})
    words = text.WORDS[lang]
    source = words["source_synthetic" if data.is_synthetic else "source"].format(wave=data.wave)
    title = f"{words['table']} {number}: {label(data, 'report_source', f'table_{number}', lang)}"
    table = (GT(pd.DataFrame(rows), rowname_col=head)
             .tab_header(title=title, subtitle=f"{words['share']}, {label(data, 'population', population, lang)}")
             .tab_source_note(source)
             .tab_source_note(f"{words['flag_u']}; {words['flag_c']}"))
    return table.as_raw_html()
