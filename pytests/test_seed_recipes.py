"""The README's recipe, followed: a section, an indicator and an AI technology added by seed rows alone
(the technology's answers in the raw exports) are estimated, published and carry their labels, with no
edit to SQL or YAML."""

from __future__ import annotations

import duckdb

import csv
import shutil

from aibarometer.public import write_public
from pytests.conftest import copy_project, dbt_build

SECTION = "digital_readiness,10,all_firms|adopters,Digitale paraatheid,Digital readiness\n"
INDICATOR = ("readiness_text_analysis,500,digital_readiness,tech_text_analysis,pct,1,,,"
             "Gebruikt tekstanalyse (paraatheid),Uses text analysis (readiness),,\n")
TECHNOLOGY = ("tech_ai_agents,99,adoption,single_choice,use_plans,all_firms,,,true,,Gebruikt uw onderneming "
              "AI-agenten?,Does your firm use AI agents?\n")
TECHNOLOGY_INDICATOR = "uses_ai_agents,501,adoption,tech_ai_agents,pct,1,,,Gebruikt AI-agenten,Uses AI agents,,\n"


def answer_ai_agents(path) -> None:
    """The exports gain the technology's column: 'no plans' (3) wherever the firm answered the technology
    questions, so that no other figure moves (the calibration tests keep passing)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]) + ["tech_ai_agents"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "tech_ai_agents": "3" if r["tech_text_analysis"] else ""} for r in rows)


def test_a_section_an_indicator_and_a_technology_added_by_seed_rows_are_estimated_and_published(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "seeds" / "questionnaire" / "sections.csv").open("a", encoding="utf-8") as f:
        f.write(SECTION)
    with (project / "seeds" / "questionnaire" / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write(INDICATOR + TECHNOLOGY_INDICATOR)
    with (project / "seeds" / "questionnaire" / "codebook_items.csv").open("a", encoding="utf-8") as f:
        f.write(TECHNOLOGY)
    # two waves are enough for the recipe (and a third would only lengthen the build)
    shutil.rmtree(project / "data" / "raw" / "wave=2025")
    for wave in ("wave=2021", "wave=2023"):
        answer_ai_agents(project / "data" / "raw" / wave / "responses.csv")
    result, db = dbt_build(project, tmp_path / "build")
    assert result.ok, result.output[-3000:] + "\n".join(result.failures)
    con = duckdb.connect(str(db), read_only=True)
    added = con.sql("select section, population, breakdown, count(*), any_value(label_en) from "
                    "marts.fct_indicator_estimates where indicator = 'readiness_text_analysis' and wave = 2021 "
                    "group by all order by all").fetchall()
    assert added == [("digital_readiness", p, b, n, "Uses text analysis (readiness)")
                     for p in ("adopters", "all_firms") for b, n in (("nace_group", 9), ("size_class", 4),
                                                                     ("total", 1))]
    # the same definition as uses_text_analysis (adoption, all firms): the same numbers
    same = con.sql("select count(*), max(abs(a.estimate - b.estimate)), max(abs(a.std_error - b.std_error)) "
                   "from marts.fct_indicator_estimates as a join marts.fct_indicator_estimates as b using "
                   "(wave, population, breakdown, breakdown_value) where a.indicator = 'readiness_text_analysis' "
                   "and b.indicator = 'uses_text_analysis'").fetchall()[0]
    assert same[0] == 2 * 14 and same[1] < 1e-12 and same[2] < 1e-12
    # the technology: a respondent column, and its indicator estimated (nobody uses it: 0%)
    [(answered, users)] = con.sql("select count(tech_ai_agents), count(*) filter (where uses_ai_agents) "
                                  "from marts.fct_respondents where wave = 2021").fetchall()
    assert answered > 1000 and users == 0
    assert con.sql("select distinct estimate from marts.fct_indicator_estimates where indicator = "
                   "'uses_ai_agents'").fetchall() == [(0.0,)]
    # documented from the codebook row alone: the columns' comments, as a BI tool shows them
    assert con.sql("select column_name, comment from duckdb_columns() where table_name = 'fct_respondents' and "
                   "column_name like '%ai_agents' order by all").fetchall() == [
        ("tech_ai_agents", "Does your firm use AI agents? Codes: option set use_plans."),
        ("uses_ai_agents", "True when the firm answered tech_ai_agents = 1 (uses it).")]
    con.close()
    public = tmp_path / "public.duckdb"
    write_public(db, public)
    con = duckdb.connect(str(public), read_only=True)
    [(rows, published, shown)] = con.sql(
        "select count(*), count(estimate), count(*) filter (where not suppressed) from marts.fct_indicator_estimates "
        "where indicator = 'readiness_text_analysis'").fetchall()
    assert rows == 2 * 2 * 14 and published == shown > 2 * 14  # two waves, two populations, 14 domains
    con.close()
