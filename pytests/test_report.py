"""make report: the report as a publication, rebuilt from the public database and checked as a reader of a
statistical publication would: its structure (title page, contents, key findings, the report's order, a
methods section from the quality mart, the annex with Tables 1-2), every word in the page's language, charts
that never run an axis of shares past 100% and stack what adds up to 100%, tables with N, intervals in their
own columns and right-aligned numbers, and in a real browser (headless Chromium) at print size and at 1280 px:
no table or figure wider than its column, no label cut off or overlapping, chart text at least 12 px; in the
PDFs (pdfinfo, pdftotext): A4, every column label of every table on the page of that table. Each figure
(SVG) and a screenshot of each page are kept under warehouse/test-artifacts/report/."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import duckdb
import pytest

from aibarometer.paths import WAREHOUSE_DIR
from aibarometer.report import build_report, content
from aibarometer.report.charts import blocks
from aibarometer.report.page import browser_args, chromium
from aibarometer.report.text import WORDS

ARTIFACTS = WAREHOUSE_DIR / "test-artifacts" / "report"
PRINT_WIDTH = 703  # CSS px between the 12 mm margins of an A4 page (210 mm = 793.7 px)

# measures every figure and table: wider than its box (scrolls or sticks out of the text column), a text cut
# off (outside its SVG) or overlapping another, and the smallest chart text as rendered
MEASURE = """<script>
window.addEventListener('load', function () {
  var problems = [], figures = document.querySelectorAll('figure svg'), texts = 0, smallest = 1e9;
  var column = document.body.getBoundingClientRect();
  var right = column.right - parseFloat(getComputedStyle(document.body).paddingRight);
  document.querySelectorAll('figure, div.table').forEach(function (box) {
    [box].concat(Array.from(box.querySelectorAll('div, table'))).forEach(function (e) {
      if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
        problems.push('scrolls ' + box.id + ' ' + e.scrollWidth + '>' + e.clientWidth);
    });
    box.querySelectorAll('table, svg').forEach(function (t) {
      if (t.getBoundingClientRect().right > right + 1) problems.push('wider ' + box.id);
    });
  });
  figures.forEach(function (svg, f) {
    var box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
    var rects = Array.from(svg.querySelectorAll('text')).filter(function (t) { return t.textContent.trim(); })
      .map(function (t) {
        smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
        return [t.textContent.trim(), t.getBoundingClientRect()];
      });
    texts += rects.length;
    rects.forEach(function (a, i) {
      var r = a[1];
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push('cut ' + f + ' ' + a[0]);
      rects.slice(i + 1).forEach(function (b) {
        var s = b[1], w = Math.min(r.right, s.right) - Math.max(r.left, s.left),
            h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
        if (w > 1 && h > 1) problems.push('overlap ' + f + ' ' + a[0] + ' / ' + b[0]);
      });
    });
  });
  document.body.setAttribute('data-check', 'figures ' + figures.length + ' texts ' + texts + ' smallest '
    + Math.floor(smallest * 10) / 10 + ' problems ' + problems.length + ': ' + problems.slice(0, 5).join(' | '));
});
</script></body>"""
AT_PRINT_SIZE = (f"<style>body {{ width: {PRINT_WIDTH}px !important; max-width: none !important; "
                 "margin: 0 !important; padding: 0 !important; }</style></head>")


@pytest.fixture(scope="module")
def report(published, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    landing = build_report(published["public"], out)
    con = duckdb.connect(str(published["public"]), read_only=True)
    data = {w: content.load(con, w) for w in content.waves(con)}
    con.close()
    return {"landing": landing, "out": out, "public": published["public"], "data": data}


def pages(report) -> list:
    return sorted(report["out"].glob("*/*.html"))


def read(report, wave: int, lang: str) -> str:
    return (report["out"] / str(wave) / f"{lang}.html").read_text()


def visible(page: str) -> str:
    """What a reader sees of a page: its text without tags, styles or scripts, unescaped."""
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"</?(a|strong|span|em)\b[^>]*>", "", page)  # inline: no space where they start or end
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_the_report_folder_holds_the_publication_only_and_the_landing_pages_link_every_download(report):
    out = report["out"]
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    pdfs = [f"{w}/{lang}.pdf" for w in (2021, 2023, 2025) for lang in ("en", "nl")] if chromium() else []
    assert files == sorted(["index.html", "index_en.html", *pdfs,
                            *(f"{w}/{lang}.html" for w in (2021, 2023, 2025) for lang in ("en", "nl"))])
    for landing, lang in (("index.html", "nl"), ("index_en.html", "en")):
        text = (out / landing).read_text()
        links = re.findall(r"href='([^']+)'", text)
        assert [f"{w}/{lang}.html" for w in (2025, 2023, 2021)] == [link for link in links if link.endswith(".html")
                                                                  and "/" in link]
        downloads = [link for link in links if not re.match(r"\d{4}/", link)]
        assert len(downloads) == 4 and all((out / link).resolve().is_file() for link in downloads), downloads
        headline = report["data"][2021].totals[("uses_any_ai", "all_firms")]["estimate"]
        assert ("23,2%" if lang == "nl" else "23.2%") in text and round(headline, 1) == 23.2
    for page in pages(report):
        other = "en.html" if page.name == "nl.html" else "nl.html"
        assert f'href="{other}"' in page.read_text()


def test_title_page_contents_and_key_findings_from_the_numbers(report):
    nl, en = read(report, 2021, "nl"), read(report, 2023, "en")
    title = between(nl, "<section class=\"title-page\">", "</section>")
    assert "Editie 2021" in title and "Gepubliceerd op" in title and "Versie 0.1.0" in title
    contents = between(nl, "<nav class=\"contents\">", "</nav>")
    anchors = re.findall(r"href='#([^']+)'", contents)
    assert len(anchors) == 14 and all(f"id='{a}'" in nl or f'id="{a}"' in nl for a in anchors)
    findings = visible(between(nl, '<section id="findings">', "</section>"))
    assert ("23,2% van de Vlaamse ondernemingen met minstens 5 werknemers gebruikt minstens één AI-technologie "
            "(95%-BI 20,4% tot 26,2%). (Figuur 1)") in " ".join(findings.split())
    assert "28,8% in Vlaanderen, tegenover 7,7% in de Europese Unie (27 lidstaten, sinds 2020)" in findings
    # 2023 against 2021: 32.1% against 23.2%, a significant rise of 8.9 points
    assert "That is 8.9 percentage points more than in 2021 (23.2%); the change is significant." in visible(en)


def test_figures_and_tables_in_the_reports_order_each_in_its_section(report):
    nl = read(report, 2021, "nl")
    order = [f"id='figure_{n}'" for n in (1, 2, 3)] + ["id='table_3'", "id='table_4'"] + \
        [f"id='figure_{n}'" for n in (4, 5, 6)] + ["id='table_5'"] + [f"id='figure_{n}'" for n in range(7, 13)] + \
        ['id="trends"', 'id="benchmark"', "id='methods'", "id='annex'", "id='table_1'", "id='table_2'"]
    positions = [nl.index(marker) for marker in order]
    assert positions == sorted(positions)
    adoption = between(nl, "id='section_adoption'", "id='section_barriers'")
    assert "id='table_3'" in adoption and "id='table_4'" in adoption
    assert "id='table_5'" in between(nl, "id='section_applications'", "id='section_sources'")


def test_methods_section_and_annex_read_the_quality_mart(report):
    nl = " ".join(visible(between(read(report, 2021, "nl"), "id='methods'", "id='annex'")).split())
    # the report's funnel: 14,274 invited, 2,741 received, 1,717 usable
    assert "Er werden 14.274 ondernemingen uitgenodigd" in nl and "Er kwamen 2.741 antwoorden binnen, waarvan " \
        "1.717 bruikbaar zijn" in nl and "in 36 strata" in nl
    con = duckdb.connect(str(report["public"]), read_only=True)
    q = dict(((i, w), v) for i, w, v in con.sql(
        "select quality_indicator, weighting, indicator_value from marts.fct_quality_indicators where wave = 2021 "
        "and breakdown = 'total'").fetchall())
    con.close()
    assert round(q[("response_rate_rr1", "none")], 1) == 12.3 and "bedraagt 12,3% (RR1, ongewogen)" in nl
    assert round(q[("r_indicator", "design")], 3) == 0.753 and "Hij bedraagt 0,753" in nl
    assert "Kish-designeffect 2,22" in nl and "een kernindicator van 23,8% in plaats van 23,2%" in nl
    for rule in ("minder dan 30 respondenten", "130% van het aandeel", "minder dan 5 respondenten",
                 "minder dan 10 procentpunten"):
        assert rule in nl
    annex = visible(between(read(report, 2021, "nl"), "id='table_1'", "id='table_2'"))
    assert "10-33 Industrie" in annex and "1.482 (971)" in annex  # NACE 10-33 x 5-9: N = 1,482, n = 971


def test_every_word_on_a_page_is_in_the_pages_language(report):
    con = duckdb.connect(str(report["public"]), read_only=True)
    pairs = con.sql("select label_nl, label_en from marts.dim_code_lists union select label_nl, label_en from "
                    "marts.dim_indicators union select section_label_nl, section_label_en from marts.dim_indicators "
                    "union select question_nl, question_en from marts.dim_indicators").fetchall()
    english_only = [p for (p,) in con.sql("select provenance from marts.dim_waves union select definition_note "
                                           "from marts.fct_eurostat_benchmark union select population_scope from "
                                           "marts.fct_eurostat_benchmark").fetchall()]
    con.close()
    words = [(WORDS["nl"][k], WORDS["en"][k]) for k in WORDS["nl"] if isinstance(WORDS["nl"][k], str)]
    for wave in (2021, 2023, 2025):
        nl, en = visible(read(report, wave, "nl")), visible(read(report, wave, "en"))
        for dutch, english in [*pairs, *words]:
            # phrases only: a single word may be a name in both languages (the Flanders AI Academy)
            if dutch and english and dutch != english and " " in english and "{" not in english:
                assert english not in nl, (wave, english)
            if dutch and english and dutch != english and " " in dutch and "{" not in dutch:
                assert dutch not in en, (wave, dutch)
        for text in (nl, en):
            assert "EU27_2020" not in text and "aibarometer " not in text and "make " not in text
            assert not any(note[:40] in text for note in english_only)


def x_ticks(svg: str) -> list[float]:
    labels = re.findall(r'<g id="xtick_\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)
    return [float(t.replace(".", "").replace(",", ".") if "," in t else t) for t in labels]


def test_charts_stack_what_adds_up_to_100_never_run_past_100_and_list_only_marks_in_use(report):
    for page in pages(report):
        lang = page.stem
        for n, fig in enumerate(re.findall(r"<figure id='figure_\d+'>.*?</figure>", page.read_text(), re.S), 1):
            svg = fig[fig.index("<svg"):fig.index("</svg>")]
            ticks = x_ticks(svg)
            assert ticks and max(ticks) <= 100, (page, n, ticks)
            hatched = "<pattern" in svg
            assert (html.escape(WORDS[lang]["flag_u"]) in svg) == hatched, (page, n)
            withheld = re.search(r">\s*c\s*<", svg) is not None
            assert (html.escape(WORDS[lang]["flag_c"]) in svg) == withheld, (page, n)
    nl = read(report, 2021, "nl")
    figure_5 = between(nl, "<figure id='figure_5'>", "</figure>")
    # 7 knowledge items, a 100% bar each, for adopters and non-adopters: the answers once each, in the legend
    assert [len(re.findall(f">{answer}<", figure_5)) for answer in ("Groot gebrek", "Enig gebrek", "Geen gebrek")] \
        == [1, 1, 1]
    assert len(re.findall(r">Basiskennis over data-analytics<", figure_5)) == 2
    assert "AI-adopters (N=489)" in figure_5 and "In de volgorde van de vragenlijst." in figure_5
    figure_1 = between(nl, "<figure id='figure_1'>", "</figure>")
    assert "Totaal: Gebruikt minstens één AI-technologie 23,2%." in figure_1  # the total apart from its parts
    # Figure 4 (barriers): bars by size among adopters, said in the caption
    data = report["data"][2021]
    spec = content.figure(data, 4)
    (kind, bars), = blocks(data, spec)
    sizes = [data.totals[(i, spec.populations[0])]["estimate"] for i in bars]
    assert kind == "bars" and len(bars) == 10 and sizes == sorted(sizes, reverse=True)
    assert "Gerangschikt naar grootte bij AI-adopters." in between(nl, "<figure id='figure_4'>", "</figure>")


def test_tables_have_n_intervals_in_their_own_columns_and_right_aligned_numbers(report):
    nl = read(report, 2021, "nl")
    table_3 = between(nl, "id='table_3'", "id='table_4'")
    # seven technologies in three parts of 3, 2 and 2, each with the stub, N, % and 95%-BI
    assert len(re.findall(r"deel \d van 3", table_3)) == 3 and "10-33 Industrie" in table_3
    assert len(re.findall(r">95%-BI<", table_3)) == 7 and len(re.findall(r">N<", table_3)) == 3
    cells = re.findall(r'<td [^>]*class="gt_row gt_right">([^<]*)</td>', table_3)
    assert "1.717" in cells and "[" not in table_3  # the total row's N; intervals without brackets
    assert all(re.fullmatch(r"c|[\d.]+|\d+,\d( u)?|\d+,\d–\d+,\d|", c.strip()) for c in cells), cells[:20]
    en = read(report, 2023, "en")
    first = re.search(r'<th [^>]*class="gt_row gt_left gt_stub">([^<]*)</th>',
                      between(en, "id='trends_table'", "</table>"))
    assert first.group(1) == "Uses at least one AI technology"  # the headline first


def test_in_a_browser_nothing_is_cut_off_or_too_small_and_the_pdfs_are_a4_with_every_column(report, tmp_path):
    browser = chromium()
    if browser is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and poppler-utils (.ci/run installs them)")
        pytest.skip("no chromium or pdftotext here: .ci/run installs Debian's chromium and poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for page in pages(report):
        for width, style in ((PRINT_WIDTH, AT_PRINT_SIZE), (1280, "</head>")):
            probe = page.with_name(f"probe_{width}_{page.name}")
            probe.write_text(page.read_text().replace("</head>", style, 1).replace("</body>", MEASURE))
            out = subprocess.run([browser, *browser_args(tmp_path / "profile"), "--virtual-time-budget=10000",
                                  "--window-size=1280,2000", "--dump-dom", probe.as_uri()],
                                 capture_output=True, text=True, timeout=180)
            probe.unlink()
            check = re.search(r'data-check="([^"]*)"', out.stdout)
            assert check, out.stderr[-2000:]
            measured = re.fullmatch(r"figures 12 texts \d+ smallest ([\d.]+) problems 0: ",
                                    html.unescape(check.group(1)))
            assert measured, (page, width, check.group(1))
            assert float(measured.group(1)) >= 12, (page, width, check.group(1))
        pdf = page.with_suffix(".pdf")
        size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in size, size
        pages_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout.split("\f")
        words = WORDS[page.stem]
        for title, labels in table_columns(report, page):
            on = [p for p in pages_text if title in " ".join(p.split())]
            assert on, (page, title)
            seen = " ".join(" ".join(on).split())
            missing = [w for label in labels for w in re.split(r"[\s-]+", label) if w and w not in seen]
            assert not missing, (page, title, missing)
            assert words["ci"] in seen and words["n"] in seen
        for number, svg in enumerate(re.findall(r"<svg.*?</svg>", page.read_text(), re.S), 1):
            (ARTIFACTS / f"{page.parent.name}_{page.stem}_figure_{number}.svg").write_text(svg)
        shot = ARTIFACTS / f"{page.parent.name}_{page.stem}.png"
        subprocess.run([browser, *browser_args(tmp_path / "profile"), "--window-size=1280,16000",
                        f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=180)
        assert shot.stat().st_size > 0
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def table_columns(report, page) -> list[tuple[str, list[str]]]:
    """Every part of Tables 3-5 of a page: its title as printed and its column labels (the indicators)."""
    html_text = page.read_text()
    out = []
    for part in re.findall(r"<div class='table parts'.*?</table>", html_text, re.S):
        title = " ".join(visible(re.search(r'class="gt_heading gt_title[^"]*"[^>]*>(.*?)</td>', part, re.S)
                                 .group(1)).split())
        labels = [" ".join(visible(s).split()) for s in
                  re.findall(r'<span class="gt_column_spanner">(.*?)</span>', part, re.S)]
        assert labels, title
        out.append((title, labels))
    assert len(out) >= 9
    return out


def test_the_report_exposure_lists_exactly_the_tables_the_report_reads():
    import yaml

    from aibarometer.paths import PROJECT_ROOT

    code = " ".join(p.read_text() for p in (PROJECT_ROOT / "aibarometer" / "report").glob("*.py"))
    read = set(re.findall(r"marts\.([a-z_]+)", code)) | set(re.findall(r'of_wave\("([a-z_]+)"\)', code))
    exposures = yaml.safe_load((PROJECT_ROOT / "models" / "exposures.yml").read_text())["exposures"]
    report = next(e for e in exposures if e["name"] == "ai_barometer_report")
    assert sorted(re.fullmatch(r"ref\('([a-z_]+)'\)", d).group(1) for d in report["depends_on"]) == sorted(read)
    assert len(read) == 11
