"""make report: the report as a publication, rebuilt from the public database and checked in a real
browser (headless Chromium): every figure and table with its N and source, both languages with locale
numbers and no Dutch label on the English page, the synthetic notice, no label cut off or overlapping
another, a PDF per page. Each figure (SVG) and a screenshot of each page are kept under
warehouse/test-artifacts/report/."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import duckdb
import pytest

from aibarometer.paths import WAREHOUSE_DIR
from aibarometer.report import build_report
from aibarometer.report.page import browser_args, chromium

ARTIFACTS = WAREHOUSE_DIR / "test-artifacts" / "report"

# measures every text of every figure in the browser: cut off (outside its SVG) or overlapping another
MEASURE = """<script>
window.addEventListener('load', function () {
  var problems = [], figures = document.querySelectorAll('figure svg'), texts = 0;
  figures.forEach(function (svg, f) {
    var box = svg.getBoundingClientRect();
    var rects = Array.from(svg.querySelectorAll('text')).filter(function (t) { return t.textContent.trim(); })
      .map(function (t) { return [t.textContent.trim(), t.getBoundingClientRect()]; });
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
  document.body.setAttribute('data-check', 'figures ' + figures.length + ' texts ' + texts
    + ' problems ' + problems.length + ': ' + problems.slice(0, 5).join(' | '));
});
</script></body>"""


@pytest.fixture(scope="module")
def report(published, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    landing = build_report(published["public"], out)
    return {"landing": landing, "out": out, "public": published["public"]}


def pages(report) -> list:
    return sorted(report["out"].glob("*/*.html"))


def test_a_page_per_wave_and_language_linked_from_the_landing_page(report):
    landing = report["landing"].read_text()
    assert [p.relative_to(report["out"]).as_posix() for p in pages(report)] == [
        "2021/en.html", "2021/nl.html", "2023/en.html", "2023/nl.html", "2025/en.html", "2025/nl.html"]
    for page in pages(report):
        assert f"{page.parent.name}/{page.name}" in landing
        other = "en.html" if page.name == "nl.html" else "nl.html"
        assert f'href="{other}"' in page.read_text()


def test_every_figure_and_table_with_its_n_and_source(report):
    for page in pages(report):
        text = page.read_text()
        lang = page.stem
        for n in range(1, 13):
            figure = text[text.index(f"<figure id='figure_{n}'>"):]
            figure = figure[:figure.index("</figure>")]
            assert "N=" in figure and ("Bron: AI-Barometer" if lang == "nl" else "Source: AI-Barometer") in figure, n
        for n in (3, 4, 5):
            assert f"id='table_{n}'" in text and ("Bron:" if lang == "nl" else "Source:") in text
        assert "id='synthetic'" in text  # both committed waves are synthetic


def test_figures_show_the_whole_question_and_the_n_of_each_population(report):
    nl = (report["out"] / "2021" / "nl.html").read_text()
    figure_5 = nl[nl.index("<figure id='figure_5'>"):nl.index("<figure id='figure_6'>")]
    # 7 knowledge items x 3 answers, for adopters and non-adopters (the report printed 6 bars)
    assert len(re.findall(r"Groot gebrek:|Enig gebrek:|Geen gebrek:", figure_5)) == 21
    con = duckdb.connect(str(report["public"]), read_only=True)
    bases = dict(con.sql("select population, max(respondents) from marts.fct_indicator_estimates where wave = 2021 "
                         "and section = 'knowledge' and breakdown = 'total' group by all").fetchall())
    con.close()
    assert f"AI-adopters (N={bases['adopters']})" in figure_5 and f"niet-adopters (N={bases['non_adopters']})" in figure_5
    figure_12 = nl[nl.index("<figure id='figure_12'>"):nl.index("</figure>", nl.index("<figure id='figure_12'>"))]
    assert len(re.findall(r"Niet gekend:", figure_12)) == 5  # all five initiatives, not 3
    # each figure keeps to its own subject: use in Figure 2, plans and potential (all 7 technologies) in 3,
    # low-skilled employment in 10 (high-skilled is Figure 11's)
    figure_2 = nl[nl.index("<figure id='figure_2'>"):nl.index("<figure id='figure_3'>")]
    figure_3 = nl[nl.index("<figure id='figure_3'>"):nl.index("<figure id='figure_4'>")]
    figure_10 = nl[nl.index("<figure id='figure_10'>"):nl.index("<figure id='figure_11'>")]
    assert len(re.findall(r">Gebruikt ", figure_2)) == 7 and ">Plant " not in figure_2
    assert len(re.findall(r">Plant ", figure_3)) == 7 and len(re.findall(r">Adoptiepotentieel ", figure_3)) == 7
    assert "hoogopgeleide" not in figure_10.replace("Impact op de tewerkstelling van laagopgeleide", "")
    figure_1 = nl[nl.index("<figure id='figure_1'>"):nl.index("<figure id='figure_2'>")]
    assert "Totaal: Gebruikt minstens één AI-technologie 23,2%." in figure_1  # the total beside, not among, its parts


def test_numbers_in_the_pages_locale_and_no_dutch_label_on_the_english_page(report):
    nl = (report["out"] / "2021" / "nl.html").read_text()
    en = (report["out"] / "2021" / "en.html").read_text()
    assert "23,2%" in nl and "23.2%" in en and "N=1.717" in nl and "N=1,717" in en
    con = duckdb.connect(str(report["public"]), read_only=True)
    dutch = {nl_label for nl_label, en_label in con.sql(
        "select label_nl, label_en from marts.dim_code_lists union select label_nl, label_en from marts.dim_indicators "
        "union select section_label_nl, section_label_en from marts.dim_indicators").fetchall()
        if nl_label and nl_label != en_label and len(nl_label) > 4}
    con.close()
    assert [label for label in sorted(dutch) if html.escape(label, quote=False) in en] == []


def test_in_a_browser_no_label_is_cut_off_or_overlaps_and_each_page_prints(report, tmp_path):
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium (.ci/run installs it)")
        pytest.skip("no chromium here: .ci/run installs Debian's chromium for this test")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for page in pages(report):
        assert page.with_suffix(".pdf").stat().st_size > 100_000  # printed by build_report
        probe = page.with_name(f"probe_{page.name}")
        probe.write_text(page.read_text().replace("</body>", MEASURE))
        out = subprocess.run([browser, *browser_args(tmp_path / "profile"), "--virtual-time-budget=10000",
                              "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=180)
        check = re.search(r'data-check="([^"]*)"', out.stdout)
        assert check, out.stderr[-2000:]
        assert re.fullmatch(r"figures 12 texts \d+ problems 0: ", html.unescape(check.group(1))), check.group(1)
        for number, svg in enumerate(re.findall(r"<svg.*?</svg>", page.read_text(), re.S), 1):
            (ARTIFACTS / f"{page.parent.name}_{page.stem}_figure_{number}.svg").write_text(svg)
        shot = ARTIFACTS / f"{page.parent.name}_{page.stem}.png"
        subprocess.run([browser, *browser_args(tmp_path / "profile"), "--window-size=1200,14000",
                        f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=180)
        assert shot.stat().st_size > 0
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
