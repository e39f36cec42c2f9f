"""The README's recipe, followed: a section and an indicator added by seed rows alone are estimated,
published and carry their labels, with no edit to SQL or YAML."""

from __future__ import annotations

import duckdb

from aibarometer.public import write_public
from pytests.conftest import copy_project, dbt_build

SECTION = "digital_readiness,10,all_firms|adopters,Digitale paraatheid,Digital readiness\n"
INDICATOR = ("readiness_text_analysis,500,digital_readiness,tech_text_analysis,pct,1,,,"
             "Gebruikt tekstanalyse (paraatheid),Uses text analysis (readiness),,\n")


def test_a_section_and_an_indicator_added_by_seed_rows_are_estimated_and_published(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "seeds" / "questionnaire" / "sections.csv").open("a", encoding="utf-8") as f:
        f.write(SECTION)
    with (project / "seeds" / "questionnaire" / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write(INDICATOR)
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
    con.close()
    public = tmp_path / "public.duckdb"
    write_public(db, public)
    con = duckdb.connect(str(public), read_only=True)
    [(rows, published, shown)] = con.sql(
        "select count(*), count(estimate), count(*) filter (where not suppressed) from marts.fct_indicator_estimates "
        "where indicator = 'readiness_text_analysis'").fetchall()
    assert rows == 2 * 2 * 14 and published == shown > 2 * 14  # two waves, two populations, 14 domains
    con.close()
