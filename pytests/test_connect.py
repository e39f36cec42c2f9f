"""The Connect page (docs/connect.md), followed: every example query runs unchanged in the official DuckDB CLI
(1.5, from PyPI, in .venv-compat), in Python and through SQLAlchemy with duckdb-engine (what Superset
uses), read-only against the public file, and all three give the same rows; the answers are the report's
where the report prints them."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import duckdb
import pytest
import sqlalchemy as sa

from aibarometer.paths import PROJECT_ROOT

CLI = PROJECT_ROOT / ".venv-compat" / "bin" / "duckdb"


def page_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", (PROJECT_ROOT / "docs" / "connect.md").read_text(), re.S)


QUERIES = page_queries()


def normalised(rows) -> list[tuple[str, ...]]:
    """Rows as text, as the CLI prints them in CSV: the three clients' results compared cell by cell."""
    def cell(v):
        if v is None:
            return "NULL"  # as the CLI writes an empty cell
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, float):
            return repr(v).removesuffix(".0") if v == int(v) else repr(v)
        return str(v)
    return [tuple(cell(v) for v in row) for row in rows]


@pytest.fixture(scope="module")
def public(published):
    return published["public"]


def test_the_connect_page_has_the_five_example_questions():
    assert len(QUERIES) == 5


@pytest.mark.parametrize("number", range(5))
def test_each_example_runs_alike_in_the_cli_python_and_sqlalchemy(public, number):
    query = QUERIES[number]
    con = duckdb.connect(str(public), read_only=True)
    in_python = con.sql(query).fetchall()
    con.close()
    engine = sa.create_engine(f"duckdb:///{public}?access_mode=read_only")
    with engine.connect() as connection:
        through_sqlalchemy = [tuple(r) for r in connection.execute(sa.text(query)).fetchall()]
    engine.dispose()
    assert CLI.exists(), "make test installs the DuckDB CLI into .venv-compat"
    ran = subprocess.run([str(CLI), "-readonly", "-csv", str(public), "-c", query], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    in_cli = [tuple(r) for r in list(csv.reader(io.StringIO(ran.stdout)))[1:]]
    assert in_python and through_sqlalchemy == in_python
    assert in_cli == normalised(in_python)


def test_the_examples_answer_with_the_reports_numbers(public):
    con = duckdb.connect(str(public), read_only=True)
    share, top, trend, exclusions, withheld = (con.sql(q).fetchall() for q in QUERIES)
    # the report's Table 3: NACE 58-63 uses AI in 43.8% of firms (the synthetic wave is calibrated to it)
    assert con.sql("select round(estimate, 1) from marts.fct_indicator_estimates where wave = 2021 and indicator "
                   "= 'uses_any_ai' and population = 'all_firms' and breakdown = 'nace_group' and breakdown_value "
                   "= '58-63'").fetchall() == [(share[0][0],)]
    assert share[0][4:] == ("reliable", None, None) and share[0][1] < share[0][0] < share[0][2]
    # the top sector is the largest share of the nine
    (best,) = con.sql("select max(obs_value) from marts.fct_observations where wave = 2021 and indicator = "
                      "'uses_any_ai' and population = 'all_firms' and size_class = 'TOTAL' and nace_group != "
                      "'TOTAL'").fetchall()[0]
    assert top[0][2] == round(best, 1)
    # the headline: 23.2% of firms in 2021 (Figure 1)
    assert [(r[0], r[1], r[2]) for r in trend] == [(2021, 2023, 23.2), (2021, 2025, 23.2), (2023, 2025, 32.1)]
    assert [r[-1] for r in trend] == [True, True, True]  # a reworded item (2023), a changed design (2025)
    assert [r[-2] for r in trend] == ["b", "b", "b"]  # reliable changes, flagged with Eurostat's break in series
    assert all(r[8] == (float(r[7]) < 0.05) for r in trend)  # significant exactly when p < 0.05
    # section 2.3: 2,741 received, 1,717 usable; the rest excluded for the report's four reasons
    assert exclusions[0] == (2021, 2741, 212, 143, 531, 138, 0, 1717)
    assert sum(n for _, _, n in withheld) == con.sql("select count(*) from marts.fct_observations where obs_value "
                                                     "is null").fetchall()[0][0] > 0
    con.close()


def test_sqlalchemy_lists_the_public_tables_with_their_comments(public):
    engine = sa.create_engine(f"duckdb:///{public}?access_mode=read_only")
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        tables = inspector.get_table_names(schema="marts")
        assert {"fct_observations", "dim_code_lists", "dim_indicators"} <= set(tables)
        assert "fct_published_comparison" not in tables and "fct_respondents" not in tables
        for table in tables:
            assert inspector.get_table_comment(table, schema="marts")["text"], table
        columns = {c["name"]: c for c in inspector.get_columns("fct_observations", schema="marts")}
        assert "Eurostat" in columns["obs_status"]["comment"] and "Eurostat" in columns["conf_status"]["comment"]
        assert connection.execute(sa.text("select current_setting('access_mode')")).fetchall() == [("read_only",)]
    engine.dispose()


def test_the_superset_uris_of_the_page_open_the_file_read_only_and_sort_size_classes(public, monkeypatch):
    """The page's URI (absolute path, four slashes) and its relative form (three), as Superset's SQLAlchemy
    form takes them: each opens the public file read-only, refuses a write, and size_class_order sorts the
    size classes as the report does where the code sorts them 10-49, 250+, 5-9, 50-249."""
    page = (PROJECT_ROOT / "docs" / "connect.md").read_text()
    (uri,) = set(re.findall(r"`(duckdb:////abs/path/[^`]+)`", page))
    assert uri == "duckdb:////abs/path/warehouse/ai_barometer_public.duckdb?access_mode=read_only"
    assert uri in (PROJECT_ROOT / "README.md").read_text()
    folder = public.parent
    (folder / "warehouse").mkdir(exist_ok=True)
    (folder / "warehouse" / public.name).unlink(missing_ok=True)
    (folder / "warehouse" / public.name).symlink_to(public)
    monkeypatch.chdir(folder)
    for url in (uri.replace("/abs/path", str(folder)), uri.replace("////abs/path/", "///")):
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            by_code = connection.execute(sa.text("select distinct size_class from marts.fct_observations "
                                                 "order by size_class")).scalars().all()
            by_order = connection.execute(sa.text("select size_class from marts.fct_observations group by all "
                                                  "order by min(size_class_order)")).scalars().all()
            assert by_code == ["10-49", "250+", "5-9", "50-249", "TOTAL"]
            assert by_order == ["TOTAL", "5-9", "10-49", "50-249", "250+"]
            with pytest.raises(sa.exc.ProgrammingError, match="read-only mode"):
                connection.execute(sa.text("create table marts.x (i integer)"))
        engine.dispose()
