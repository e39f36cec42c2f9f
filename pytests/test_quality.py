"""The Great Expectations checkpoint over raw inputs and marts."""

from __future__ import annotations

import html
import json
import re
import shutil

import duckdb

from aibarometer.intake import land
from aibarometer.paths import wave_dir
from aibarometer.codebook import from_warehouse
from aibarometer.quality import response_checks, run_checkpoint


def test_clean_wave_and_marts_pass_and_results_are_kept(warehouse, tmp_path):
    failures = run_checkpoint(warehouse, tmp_path / "quality", landing=warehouse.parent / "landing")
    assert failures == []
    summary = json.loads((tmp_path / "quality" / "summary.json").read_text())
    assert summary["failures"] == []
    kept = sorted(p.name for p in (tmp_path / "quality").glob("*.json"))
    assert "wave_2021.raw.responses.json" in kept and "wave_2021.marts.fct_indicator_estimates.json" in kept
    docs = (tmp_path / "quality" / "data_docs" / "index.html").read_text()
    assert "wave_2021.raw.responses" in docs and "wave_2021.marts.fct_indicator_estimates" in docs


def test_suites_are_named_by_wave_and_table_with_one_expectation_per_rule(warehouse, tmp_path):
    """A steward sees what was checked: a suite per wave and table, an expectation per rule of the wave's
    codebook (response_checks) with its meaning as description, and the count each found."""
    run_checkpoint(warehouse, tmp_path / "quality", landing=warehouse.parent / "landing")
    summary = json.loads((tmp_path / "quality" / "summary.json").read_text())
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    per_wave = {wave: response_checks(*from_warehouse(con, wave)) for wave in (2021, 2023, 2025)}
    con.close()
    assert summary["suites"] == {**{f"wave_{w}.raw.responses": len(r) for w, r in per_wave.items()},
                                 **{f"wave_{w}.marts.{t}": n for w in per_wave
                                    for t, n in (("fct_indicator_estimates", 6), ("dim_strata", 2))}}
    rules = per_wave[2021]
    assert [len(r) for r in per_wave.values()] == [122, 122, 128]  # six more in 2025: the items it adds
    assert len(rules) == 122 and len({r.key for r in rules}) == len(rules) and all(r.meaning for r in rules)
    result = json.loads((tmp_path / "quality" / "wave_2021.raw.responses.json").read_text())
    assert result["statistics"]["evaluated_expectations"] == 122
    assert {e["kwargs"]["column"] for e in result["expectations"]} == {r.key for r in rules}
    assert all(e["result"]["observed_value"] == 0 for e in result["expectations"])
    page = (tmp_path / "quality" / "index.html").read_text()
    for rule in rules:
        assert f"<td><code>{html.escape(rule.column)}</code></td><td>{html.escape(rule.meaning)}</td>" in page, rule
    validation = next((tmp_path / "quality" / "data_docs" / "validations").rglob("*.html")).read_text()
    assert "Evaluated Expectations" in validation


def test_the_quality_page_opens_offline_where_the_data_docs_need_a_cdn(warehouse, tmp_path):
    """Great Expectations' Data Docs load their styles and scripts from CDNs (its templates hard-code them):
    the page beside them loads nothing from anywhere."""
    run_checkpoint(warehouse, tmp_path / "quality", landing=warehouse.parent / "landing")
    docs = (tmp_path / "quality" / "data_docs" / "index.html").read_text()
    external = set(re.findall(r'(?:src|href)="(https?://[^"]+\.(?:css|js)[^"]*|https?://cdn[^"]+)"', docs))
    assert len(external) >= 11  # what the issue counted; 15 in great_expectations 1.24.1
    page = (tmp_path / "quality" / "index.html").read_text()
    assert re.findall(r'(?:src|href)="[a-z]+://', page) == [] and "<script" not in page and "<link" not in page
    assert 'href="data_docs/index.html"' in page


def test_a_percentage_above_100_that_escaped_the_quarantine_is_named_with_file_column_rule_and_value(
        warehouse, tmp_path):
    """The checkpoint double-checks the quarantine: a raw 150 the (clean) warehouse never quarantined."""
    raw = tmp_path / "raw" / "wave=2021"
    shutil.copytree(wave_dir(2021), raw)
    text = (raw / "responses.csv").read_text().splitlines()
    header = text[0].split(",")
    column = header.index("impact_cost_reduction_pct")
    for i, line in enumerate(text[1:], 1):
        cells = line.split(",")
        if cells[column]:
            cells[column] = "150"
            text[i] = ",".join(cells)
            break
    (raw / "responses.csv").write_text("\n".join(text) + "\n")
    land(tmp_path / "raw", tmp_path / "landing")
    failures = run_checkpoint(warehouse, tmp_path / "quality", landing=tmp_path / "landing")
    assert [str(f) for f in failures] == [
        "raw/wave=2021/responses.csv, column impact_cost_reduction_pct: expect_column_values_to_be_between "
        "fails, e.g. [150.0]"
    ]
    # the offline page shows the failing rule with its count and value, among the rules that passed
    page = (tmp_path / "quality" / "index.html").read_text()
    row = re.search(r"<tr><td><code>expect_column_values_to_be_between</code></td><td><code>"
                    r"impact_cost_reduction_pct</code></td><td>(.*?)</td>(.*?)</tr>", page)
    assert row and re.findall(r"<td[^>]*>([^<]*)</td>", row.group(2)) == ["fail", "1", "150.0"]
    assert page.count('class="fail">fail<') == 2  # the rule and its suite
