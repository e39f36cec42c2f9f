"""The project's shape, read from the manifest of the shared warehouse build (as dbt-project-evaluator would
read it): folders in the pipeline's order with no model reading a later folder, every model described and
with a key test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# the pipeline, in build order (README: frame -> responses -> dispositions -> weights -> estimates -> marts),
# then what reads the marts
PIPELINE = ("staging", "frame", "responses", "dispositions", "weights", "estimates", "marts", "quality_indicators",
            "trends", "comparisons", "disclosure", "dissemination", "calibration", "benchmark")
KEY_TESTS = {"unique", "unique_combination_of_columns"}


@pytest.fixture(scope="module")
def manifest(warehouse: Path) -> dict:
    return json.loads((warehouse.parent / "target" / "manifest.json").read_text())


def models(manifest: dict) -> dict[str, dict]:
    return {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "model"}


def folder(node: dict) -> str:
    return Path(node["original_file_path"]).parts[1]


def test_every_model_folder_is_a_pipeline_step(manifest):
    assert {folder(n) for n in models(manifest).values()} == set(PIPELINE)


def test_no_model_reads_a_later_step_of_the_pipeline(manifest):
    nodes = models(manifest)
    backward = [(n["name"], folder(n), nodes[d]["name"], folder(nodes[d]))
                for n in nodes.values() for d in n["depends_on"]["nodes"] if d in nodes
                and PIPELINE.index(folder(nodes[d])) > PIPELINE.index(folder(n))]
    assert backward == []


def test_every_model_is_described_and_has_a_key_test(manifest):
    keyed = {n["attached_node"] for n in manifest["nodes"].values()
             if n["resource_type"] == "test" and n.get("test_metadata", {}).get("name") in KEY_TESTS}
    nodes = models(manifest)
    assert [n["name"] for n in nodes.values() if not n["description"].strip()] == []
    assert sorted(n["name"] for uid, n in nodes.items() if uid not in keyed) == []
