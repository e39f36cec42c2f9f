"""make report: figures and tables regenerated from the published marts, checked in a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from aibarometer.public import write_public
from aibarometer.report import build_report

CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = Array.from(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.documentElement.lang = 'en';
  var english = document.querySelector('h1 [lang=en]');
  document.body.setAttribute('data-check', 'images ' + ok + '/' + imgs.length + ' english-visible '
    + (getComputedStyle(english).display != 'none'));
});
</script></body>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_pages_open_in_a_headless_browser(warehouse, tmp_path):
    public = tmp_path / "public.duckdb"
    write_public(warehouse, public)
    page = build_report(public, tmp_path / "report")
    pngs = sorted(p.name for p in page.parent.glob("*.png"))
    assert len(pngs) == 15 and "figure_12.png" in pngs and "table_5.png" in pngs
    text = page.read_text()
    assert "Figuur 4: Drempels adoptie AI-technologieën" in text and "onderdrukt" in text
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium (.ci/run installs it)")
        pytest.skip("no chromium here: .ci/run installs Debian's chromium for this test")
    probe = page.with_name("probe.html")
    probe.write_text(text.replace("</body>", CHECK))
    out = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert 'data-check="images 15/15 english-visible true"' in out.stdout, out.stderr[-2000:]
