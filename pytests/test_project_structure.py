"""The project's shape, read from the manifest of the shared warehouse build (as dbt-project-evaluator would
read it): folders in the pipeline's order (dbt_project.yml's, which the README's tree and the dbt docs'
overview follow) with no model reading a later folder, every model described and with a key test whose
columns are never null, and every column of the staging and intermediate models documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from aibarometer.paths import PROJECT_ROOT

# the pipeline, in build order: the folders of dbt_project.yml's models block, said there once
PIPELINE = tuple(key for key in yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["models"]
                 ["ai_barometer"] if not key.startswith("+"))
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


def test_the_readme_and_the_docs_overview_follow_the_pipelines_order():
    assert PIPELINE[:7] == ("staging", "frame", "responses", "dispositions", "weights", "estimates", "marts")
    readme = (PROJECT_ROOT / "README.md").read_text()
    in_readme = [m for m in re.findall(r"`models/([a-z_]+)/`", readme) if m in PIPELINE]
    assert in_readme == list(PIPELINE)
    overview = (PROJECT_ROOT / "models" / "docs" / "overview.md").read_text()
    steps = [re.findall(r"\*\*([a-z_]+)\*\*", line) for line in re.findall(r"(?m)^\d+\. .*$", overview)]
    assert [folder for step in steps for folder in step] == list(PIPELINE)


def test_every_key_column_is_never_null(manifest):
    """A key test's columns have a not_null test, or a not_null constraint where the contract is enforced."""
    nodes = manifest["nodes"]
    not_null = {(n["attached_node"], n["column_name"]) for n in nodes.values()
                if n["resource_type"] == "test" and n.get("test_metadata", {}).get("name") == "not_null"}
    missing = []
    for test in nodes.values():
        if test["resource_type"] != "test" or test.get("test_metadata", {}).get("name") not in KEY_TESTS:
            continue
        model = nodes.get(test["attached_node"])
        if model is None or model["package_name"] != "ai_barometer":
            continue
        kwargs = test["test_metadata"]["kwargs"]
        for column in kwargs.get("combination_of_columns") or [kwargs.get("column_name")]:
            constrained = model["config"].get("contract", {}).get("enforced") and any(
                c["type"] == "not_null" for c in model["columns"].get(column, {}).get("constraints", []))
            if not constrained and (model["unique_id"], column) not in not_null:
                missing.append(f"{model['name']}.{column}")
    assert missing == []


def test_every_column_of_the_staging_and_intermediate_models_is_documented(manifest, warehouse):
    """Documented in the folder's YAML, or, for generated wide columns, by a pattern of the model's meta
    generated_columns ({item}: a codebook item of any wave; {k}: an indicator's number; {population})."""
    con = duckdb.connect(str(warehouse), read_only=True)
    items = {i for (i,) in con.sql("select distinct item from intermediate.int_codebook_wave_items").fetchall()}
    populations = {p for (p,) in con.sql("select population from raw.populations").fetchall()}
    placeholders = {"{item}": "(" + "|".join(sorted(items, key=len, reverse=True)) + ")", "{k}": "[0-9]+",
                    "{population}": "(" + "|".join(populations) + ")"}
    undocumented, patterned = [], 0
    for node in models(manifest).values():
        if folder(node) not in ("staging", "responses", "estimates") and not node["name"].startswith("int_"):
            continue
        columns = [c for (c,) in con.sql("select column_name from information_schema.columns where table_name = ? "
                                         "order by ordinal_position", params=[node["alias"]]).fetchall()]
        assert columns, node["name"]
        patterns = []
        for generated in node["config"].get("meta", {}).get("generated_columns", []):
            assert generated["description"].strip()
            pattern = generated["pattern"]
            for placeholder, regex in placeholders.items():
                pattern = pattern.replace(placeholder, regex)
            patterns.append(re.compile(pattern))
        for column in columns:
            if node["columns"].get(column, {}).get("description", "").strip():
                continue
            if any(p.fullmatch(column) for p in patterns):
                patterned += 1
                continue
            undocumented.append(f"{node['name']}.{column}")
    con.close()
    assert undocumented == []
    assert patterned > 1700  # the wide columns of the answers, the codebook matrix and the stratum moments


def test_every_macro_is_described_in_the_macros_yaml():
    """macros/_macros.yml names every macro and generic test the project defines (dbt parse already fails on
    a name there that no file defines; this is the other direction), each with a description."""
    defined = set()
    for path in (PROJECT_ROOT / "macros").rglob("*.sql"):
        for kind, name in re.findall(r"{%-?\s*(macro|test)\s+(\w+)", path.read_text()):
            defined.add(name if kind == "macro" else f"test_{name}")
    described = {m["name"]: m.get("description", "").strip()
                 for m in yaml.safe_load((PROJECT_ROOT / "macros" / "_macros.yml").read_text())["macros"]}
    assert len(defined) > 70
    assert sorted(defined - set(described)) == []
    assert sorted(name for name, text in described.items() if not text) == []
