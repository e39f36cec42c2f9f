"""make report: the AI-Barometer report rebuilt from the public database only, as a publication. One
page per wave and language (warehouse/report/<wave>/nl.html and en.html, linked to each other; a PDF of
each where Chromium is installed) and a landing page listing them (warehouse/report/index.html)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from aibarometer.report import content, page, text


def build_report(database: Path, out: Path, wave: int | None = None, pdf: bool = True) -> Path:
    """Write the pages of every wave (or one) into out; returns the landing page."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    try:
        waves = [w for w in content.waves(con) if wave is None or w == wave]
        listed = []
        for w in waves:
            data = content.load(con, w)
            folder = out / str(w)
            folder.mkdir(exist_ok=True)
            for lang in text.LANGUAGES:
                path = folder / f"{lang}.html"
                path.write_text(page.page_html(data, lang), encoding="utf-8")
                if pdf:
                    page.print_pdf(path, out / ".chromium")
            listed.append((w, data.is_synthetic))
    finally:
        con.close()
    landing = out / "index.html"
    landing.write_text(page.landing_html(listed), encoding="utf-8")
    return landing
