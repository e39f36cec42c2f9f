"""make report: the AI-Barometer report rebuilt from the public database only, as a publication. One
page per wave and language (<out>/<wave>/nl.html and en.html, linked to each other; an A4 PDF of each where
Chromium is installed) and a landing page per language (<out>/index.html, index_en.html) linking every
edition and download. The folder holds the publication only: the browser's profile lives in a temporary
folder that is removed afterwards."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb

from aibarometer.report import content, page, text


def build_report(database: Path, out: Path, wave: int | None = None, pdf: bool = True,
                 say=lambda line: None) -> Path:
    """Write the pages of every wave (or one) into out; returns the Dutch landing page. say(line) hears
    what is built, per wave and language, with its time."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    editions = []
    try:
        with tempfile.TemporaryDirectory(prefix="aibarometer-chromium-") as profile:
            for w in content.waves(con):
                data = content.load(con, w)
                editions.append(data)
                if wave is not None and w != wave:
                    continue
                folder = out / str(w)
                folder.mkdir(exist_ok=True)
                for lang in text.LANGUAGES:
                    started = time.perf_counter()
                    path = folder / f"{lang}.html"
                    path.write_text(page.page_html(data, lang), encoding="utf-8")
                    built = time.perf_counter()
                    printed = page.print_pdf(path, Path(profile)) if pdf else None
                    say(f"report {w} {lang}: {path.name} {built - started:.1f} s"
                        + (f", {printed.name} {time.perf_counter() - built:.1f} s" if printed else ""))
    finally:
        con.close()
    downloads = page.relative(database.parent, out)
    for lang, name in (("nl", "index.html"), ("en", "index_en.html")):
        (out / name).write_text(page.landing_html(editions, lang, downloads), encoding="utf-8")
    return out / "index.html"
