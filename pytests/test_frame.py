"""Foundation: frame seeds, stratum dimension and the report's table totals (Tables 1 and 2)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pytests.conftest import copy_project, dbt_build, rows


def test_strata_and_design_weights(db):
    (n, pop, sampled, usable) = rows(
        db,
        "select count(*), sum(population_firms), sum(sampled_firms), sum(usable_responses) "
        "from marts.dim_strata where wave = 2021",
    )[0]
    assert (n, pop, sampled, usable) == (36, 34452, 14274, 1717)
    # NACE 35-39 x 5-9: one usable response stands for 66 firms.
    (w,) = rows(
        db, "select design_weight from marts.dim_strata where wave = 2021 and nace_group = '35-39' "
        "and size_class = '5-9'"
    )[0]
    assert w == 66.0
    # NACE 10-33 x 10-49: 2,602 firms, 86 responses.
    (w,) = rows(
        db, "select design_weight from marts.dim_strata where wave = 2021 and nace_group = '10-33' "
        "and size_class = '10-49'"
    )[0]
    assert w == pytest.approx(2602 / 86, abs=1e-12)


def test_printed_totals_reconcile_with_documented_errata(db):
    statuses = dict(
        rows(db, "select status, count(*) from intermediate.int_printed_totals_reconciled group by status")
    )
    assert statuses == {"matches": 39, "documented_erratum": 3}
    errata = rows(
        db,
        "select report_table, margin_value, printed_total, cell_sum from intermediate.int_printed_totals_reconciled "
        "where status = 'documented_erratum' order by report_table, margin_value",
    )
    assert errata == [
        ("table_1", "45-47", 14184, 4184),
        ("table_2", "10-49", 642, 617),
        ("table_2", "50-249", 500, 525),
    ]


def _alter_frame_cell(project: Path, nace_group: str, size_class: str, column: str, delta: int) -> None:
    path = project / "seeds" / "reference" / "ref_frame_strata.csv"
    with path.open(newline="") as f:
        records = list(csv.DictReader(f))
    for r in records:
        if r["nace_group"] == nace_group and r["size_class"] == size_class:
            r[column] = str(int(r[column]) + delta)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def test_altering_one_frame_cell_fails_the_table_total_check(tmp_path):
    project = copy_project(tmp_path / "project")
    _alter_frame_cell(project, "58-63", "10-49", "population_firms", +1)
    result, _ = dbt_build(project, tmp_path / "build", "+assert_frame_cells_add_up_to_printed_totals")
    assert not result.ok
    assert (
        "assert_frame_cells_add_up_to_printed_totals: table_1 population total for sector 58-63: "
        "printed 1470, cells add up to 1471 (mismatch)" in result.failures
    )
    assert (
        "assert_frame_cells_add_up_to_printed_totals: table_1 population total for size 10-49: "
        "printed 16788, cells add up to 16789 (mismatch)" in result.failures
    )


def test_altering_a_cell_under_an_erratum_fails_too(tmp_path):
    # The erratum says the 45-47 sample cells add up to 4,184; one more firm breaks that too.
    project = copy_project(tmp_path / "project")
    _alter_frame_cell(project, "45-47", "5-9", "sampled_firms", +1)
    result, _ = dbt_build(project, tmp_path / "build", "+assert_frame_cells_add_up_to_printed_totals")
    assert not result.ok
    assert any("sector 45-47: printed 14184, cells add up to 4185 (cells_differ_from_erratum)" in f
               for f in result.failures)
