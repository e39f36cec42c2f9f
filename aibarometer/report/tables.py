"""Tables as a statistical office prints them, with great-tables (Posit's maintained table library for
Python: title, spanners, stub, source notes; self-contained HTML): rows in the dimension's order with their
codes and labels in the page's language and a total row, an N column (the respondents the row's cells rest
on), per indicator its value and its 95% interval in columns of their own, numbers right-aligned in the
page's locale, flags u and c. A table wider than an A4 column is split by columns into parts that repeat the
stub, so nothing is cut off in print; rows never split across pages (the page's CSS)."""

from __future__ import annotations

import pandas as pd
from great_tables import GT

from aibarometer.report import text
from aibarometer.report.content import Wave, label, ordered_codes, table_layout

PER_PART = 3  # indicators per part: stub + N + 3 x (value, interval) fits 703 px at 12 px


def value(row: pd.Series | None, lang: str) -> str:
    if row is None:
        return ""
    if row["suppressed"] or row["estimate"] != row["estimate"]:
        return "c"
    return text.number(row["estimate"], lang) + (" u" if row["reliability"] == "unreliable" else "")


def ci(row: pd.Series | None, lang: str) -> str:
    if row is None or row["suppressed"] or row["estimate"] != row["estimate"]:
        return ""
    return text.interval(row["ci_lower"], row["ci_upper"], lang)


def row_label(data: Wave, code_list: str, code: str, lang: str) -> str:
    """A sector by its NACE code and name; other codes by their label."""
    name = label(data, code_list, code, lang)
    return f"{code.replace(';', ', ')} {name}" if code_list == "nace_group" else name


def parts(columns: list[str], size: int = PER_PART) -> list[list[str]]:
    """Columns in parts of at most size, as even as they go (7 -> 3, 2, 2)."""
    count = -(-len(columns) // size)
    base, extra = divmod(len(columns), count)
    out, start = [], 0
    for k in range(count):
        end = start + base + (1 if k < extra else 0)
        out.append(columns[start:end])
        start = end
    return out


def styled(table: GT) -> GT:
    return (table.tab_options(table_font_size="12px", heading_title_font_size="14px",
                              heading_subtitle_font_size="12px", table_width="100%",
                              column_labels_font_weight="bold", source_notes_font_size="11px",
                              data_row_padding="2px")
            .opt_horizontal_padding(scale=0.5))


def table_html(data: Wave, number: int, lang: str) -> list[str] | None:
    """Table n as one or more HTML tables (its parts)."""
    layout = table_layout(data, number)
    if layout is None:
        return None
    columns, population, breakdown = layout
    est = data.estimates[data.estimates["population"] == population]
    cells = {(r.breakdown_value, r.indicator): r for _, r in est[est["breakdown"] == breakdown].iterrows()}
    totals = {r.indicator: r for _, r in est[est["breakdown"] == "total"].iterrows()}
    words = text.WORDS[lang]
    head = label(data, "breakdown", breakdown, lang)
    source = text.source(data.wave, data.is_synthetic, lang)
    title = f"{words['table']} {number}: {label(data, 'report_source', f'table_{number}', lang)}"
    chunks = parts(columns)
    out = []
    for k, chunk in enumerate(chunks, 1):
        rows = []
        for code, lookup in [*((c, lambda i, c=c: cells.get((c, i))) for c in ordered_codes(data, breakdown)),
                             ("TOTAL", lambda i: totals.get(i))]:
            picked = [lookup(i) for i in chunk]
            ns = [r["respondents"] for r in picked if r is not None and r["respondents"] == r["respondents"]]
            row = {head: words["total_row"] if code == "TOTAL" else row_label(data, breakdown, code, lang),
                   "n": text.count(int(max(ns)), lang) if ns else "c"}
            for i, r in zip(chunk, picked, strict=True):
                row[f"{i}__value"], row[f"{i}__ci"] = value(r, lang), ci(r, lang)
            rows.append(row)
        table = GT(pd.DataFrame(rows), rowname_col=head).tab_stubhead(head)
        table = table.tab_header(
            title=title + (f" ({words['part'].format(i=k, n=len(chunks))})" if len(chunks) > 1 else ""),
            subtitle=f"{words['share']}, {label(data, 'population', population, lang)}")
        for i in chunk:
            table = table.tab_spanner(label=data.indicators.at[i, f"label_{lang}"],
                                      columns=[f"{i}__value", f"{i}__ci"], id=i)
        table = table.cols_label(**{"n": words["n"]}, **{f"{i}__value": words["percent"] for i in chunk},
                                 **{f"{i}__ci": words["ci"] for i in chunk})
        table = table.cols_align("right", columns=["n", *(f"{i}__{p}" for i in chunk for p in ("value", "ci"))])
        table = table.tab_source_note(source).tab_source_note(f"{words['flag_u']}; {words['flag_c']}")
        out.append(styled(table).as_raw_html())
    return out


def grid_html(title: str, subtitle: str, stub: str, rows: list[dict], source: str) -> str:
    """A small table (methods, annex): rows as dicts, the first key the stub, the other cells right-aligned."""
    frame = pd.DataFrame(rows)
    table = GT(frame, rowname_col=frame.columns[0]).tab_stubhead(stub).tab_header(title=title, subtitle=subtitle)
    table = table.cols_align("right", columns=list(frame.columns[1:])).tab_source_note(source)
    return styled(table).as_raw_html()
