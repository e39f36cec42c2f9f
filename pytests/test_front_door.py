"""The front door and the house: the README is short (what, the two commands, what `make run` produces, the
URI a BI tool opens it with, the tree in build order, where to read next), every page under docs/ is listed in
docs/README.md, every relative link of the README, the docs pages and benchmarks/README.md resolves, and the
README's first query runs on the public database."""

from __future__ import annotations

import re

import duckdb

from aibarometer.paths import PROJECT_ROOT

PAGES = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md")),
         PROJECT_ROOT / "benchmarks" / "README.md", PROJECT_ROOT / "CHANGELOG.md"]


def links(page) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    return [target for target in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:", target)]


def test_the_readme_is_a_front_door():
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    headings = re.findall(r"(?m)^## (.+)$", readme)
    assert headings == ["Two commands", "What `make run` produces", "Open it in a BI tool", "The tree, in build order",
                        "Where to read next"]
    assert "make run" in readme and "make test" in readme and "```mermaid" in readme


def test_every_docs_page_is_listed_and_every_link_resolves():
    index = links(PROJECT_ROOT / "docs" / "README.md")
    listed = {(PROJECT_ROOT / "docs" / target).resolve() for target in index}
    pages = {p.resolve() for p in (PROJECT_ROOT / "docs").glob("*.md") if p.name != "README.md"}
    assert pages - listed == set(), "pages docs/README.md does not list"
    assert (PROJECT_ROOT / "benchmarks" / "README.md").resolve() in listed
    broken = [(page.relative_to(PROJECT_ROOT).as_posix(), target) for page in PAGES for target in links(page)
              if not (page.parent / target.split("#")[0]).exists()]
    assert broken == []
    assert len(index) >= 12


def test_the_readmes_first_query_runs_on_the_public_database(published):
    readme = (PROJECT_ROOT / "README.md").read_text()
    (query,) = re.findall(r"```sql\n(.*?)```", readme, re.S)
    con = duckdb.connect(str(published["public"]), read_only=True)
    rows = con.sql(query).fetchall()
    con.close()
    assert rows[0][0] == "uses_any_ai" and round(rows[0][1], 1) == 23.2 and rows[0][4] == "reliable"
    assert len(rows) == 12  # at least one, one to four or more, and each of the seven technologies


def test_dbt_project_evaluator_knows_the_projects_key_test():
    import yaml

    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())
    macros = project["vars"]["primary_key_test_macros"]
    assert ["ai_barometer.test_unique_combination_of_columns"] in macros
    source = (PROJECT_ROOT / "macros" / "tests" / "unique_combination_of_columns.sql").read_text()
    assert "{% test unique_combination_of_columns(model, combination_of_columns) %}" in source
