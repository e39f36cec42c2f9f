"""The Great Expectations checkpoint over raw inputs and marts."""

from __future__ import annotations

import json
import shutil

from aibarometer.intake import land
from aibarometer.paths import wave_dir
from aibarometer.quality import run_checkpoint


def test_clean_wave_and_marts_pass_and_results_are_kept(warehouse, tmp_path):
    failures = run_checkpoint(warehouse, tmp_path / "quality", landing=warehouse.parent / "landing")
    assert failures == []
    summary = json.loads((tmp_path / "quality" / "summary.json").read_text())
    assert summary["failures"] == []
    kept = sorted(p.name for p in (tmp_path / "quality").glob("*.json"))
    assert "raw__wave=2021__responses.csv.json" in kept and "marts.fct_indicator_estimates.json" in kept
    docs = (tmp_path / "quality" / "data_docs" / "index.html").read_text()
    assert "raw__wave=2021__responses.csv" in docs and "marts.fct_indicator_estimates" in docs


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
