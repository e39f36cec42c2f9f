"""Dissemination as analysts and BI tools recognise it: code lists for every dimension and attribute, one
row per observation with one column per dimension, the SDMX and Frictionless exports validated by their
own libraries, the analyses runnable against the public file, no QA table or 128-bit integer in it, and
Dutch labels with their diacritics."""

from __future__ import annotations

import re
import shutil

import duckdb
import frictionless
import pytest
import sdmx

from aibarometer.dbt import run_dbt
from aibarometer.sdmx_export import CODED_ATTRIBUTES, DATA_FILE, DATAFLOW_ID, DIMENSIONS, STRUCTURE_FILE, sdmx_id


@pytest.fixture(scope="module")
def pub(published):
    con = duckdb.connect(str(published["public"]), read_only=True)
    yield con
    con.close()


def test_observations_are_the_estimates_with_disclosure_applied(db, pub):
    """One observation per estimate; a withheld one (fct_disclosure_control) has no value, CONF_STATUS C and
    the control's reason, an unreliable one OBS_STATUS u; the others carry the estimate and its interval
    unchanged."""
    assert pub.sql("select count(*) from marts.fct_observations").fetchall() == \
        db.sql("select count(*) from marts.fct_indicator_estimates").fetchall()
    compared = db.sql("""
        select
            count(*) filter (where d.suppressed and (o.obs_value is not null or o.respondents is not null
                                                     or o.conf_status is distinct from 'C' or o.obs_status is not null
                                                     or o.suppression_reason is distinct from d.suppression_reason)),
            count(*) filter (where not d.suppressed
                             and (o.conf_status is not null or o.suppression_reason is not null)),
            count(*) filter (where not d.suppressed and (o.obs_value is distinct from e.estimate
                                                         or o.ci_upper is distinct from e.ci_upper)),
            count(*) filter (where not d.suppressed and (o.obs_status is not distinct from 'u')
                                                         != (e.reliability = 'unreliable')),
            count(*) filter (where d.suppressed)
        from marts.fct_observations as o
        inner join marts.fct_indicator_estimates as e
            on o.wave = e.wave and o.indicator = e.indicator and o.population = e.population
            and (e.breakdown, e.breakdown_value) = (case when o.nace_group != 'TOTAL' then ('nace_group', o.nace_group)
                                                         when o.size_class != 'TOTAL' then ('size_class', o.size_class)
                                                         else ('total', 'TOTAL') end)
        inner join marts.fct_disclosure_control as d
            on d.wave = e.wave and d.indicator = e.indicator and d.population = e.population
            and d.breakdown = e.breakdown and d.breakdown_value = e.breakdown_value""").fetchall()[0]
    assert compared == (0, 0, 0, 0, 142)  # 59 primary and 83 complementary cells (docs/precision.md)


def test_every_code_of_every_dimension_and_attribute_has_labels(pub):
    for column in ("wave", "indicator", "population", "nace_group", "size_class", "unit", "reliability",
                   "obs_status", "conf_status"):
        missing = pub.sql(f"select distinct o.{column} from marts.fct_observations as o left join "
                          f"marts.dim_code_lists as c on c.code_list = '{column}' and c.code = o.{column}::varchar "
                          f"where o.{column} is not null and c.label_nl is null").fetchall()
        assert missing == [], column
    assert pub.sql("select code from marts.dim_code_lists where code_list = 'size_class' order by sort_order"
                   ).fetchall() == [("TOTAL",), ("5-9",), ("10-49",), ("50-249",), ("250+",)]
    assert pub.sql("select count(*), count(question_en), count(distinct unit) from marts.dim_indicators"
                   ).fetchall() == [(122, 122, 2)]


def test_dutch_labels_keep_their_diacritics(pub):
    labels = [label for (label,) in pub.sql("select label_nl from marts.dim_code_lists union all "
                                            "select label_nl from marts.fct_indicator_estimates").fetchall()]
    # Dutch writes -iën and -iële with a trema; one (één) is stressed in 'minstens één'
    assert [label for label in labels if re.search(r"ieen\b|iele\b|minstens een\b", label)] == []
    assert "Gebruikt minstens één AI-technologie" in labels and "Gebruikt twee AI-technologieën" in labels


def test_the_public_file_holds_no_qa_table_and_no_128_bit_integer(pub):
    tables = {t for (t,) in pub.sql("select table_name from duckdb_tables()").fetchall()}
    assert "fct_published_comparison" not in tables and "dim_report_figures" in tables
    assert pub.sql("select table_name, column_name from duckdb_columns() where data_type in ('HUGEINT', "
                   "'UHUGEINT') or data_type like 'DECIMAL(38%'").fetchall() == []


def test_sdmx_structure_and_data_read_back_with_sdmx1(published, pub):
    structure = sdmx.read_sdmx(published["sdmx"] / STRUCTURE_FILE)
    dataflow = structure.dataflow[DATAFLOW_ID]
    dsd = dataflow.structure
    assert [d.id for d in dsd.dimensions.components] == [*(c.upper() for c in DIMENSIONS), "TIME_PERIOD"]
    data = sdmx.read_sdmx(published["sdmx"] / DATA_FILE, structure=dataflow)
    observations = data.data[0].obs
    assert len(observations) == pub.sql("select count(*) from marts.fct_observations").fetchall()[0][0]
    codes = {c: {code.id for code in dsd.dimensions.get(c.upper()).local_representation.enumerated}
             for c in DIMENSIONS}
    codes |= {c: {code.id for code in dsd.attributes.get(c.upper()).local_representation.enumerated}
              for c in CODED_ATTRIBUTES}
    values = {}
    for obs in observations:
        key = {k: v.value for k, v in obs.key.values.items()}
        for column in DIMENSIONS:
            assert key[column.upper()] in codes[column], (column, key)
        for column in CODED_ATTRIBUTES:
            value = obs.attrib[column.upper()].value if column.upper() in obs.attrib else ""
            assert value == "" or value in codes[column], (column, obs.attrib)  # SDMX-CSV: empty is absent
        values[tuple(key[c.upper()] for c in DIMENSIONS) + (key["TIME_PERIOD"],)] = obs.value
    # the SDMX-CSV rounds to the published decimal as DuckDB rounds; the public file keeps every digit
    for *dims, wave, value in pub.sql(f"select {', '.join(DIMENSIONS)}, wave, round(obs_value, 1) "
                                      "from marts.fct_observations").fetchall():
        got = values[tuple(sdmx_id(d) for d in dims) + (str(wave),)]
        assert (value is None and got in (None, "")) or float(got) == value
    assert sdmx_id("250+") == "GE250" and sdmx_id("77-82;95.1") == "77-82_95_1"


def test_the_data_package_validates_with_frictionless(published):
    report = frictionless.validate(published["parquet"] / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    package = frictionless.Package(published["parquet"] / "datapackage.json")
    files = {p.relative_to(published["parquet"]).as_posix() for p in published["parquet"].rglob("*.parquet")}
    assert {r.path for r in package.resources} == files
    observations = next(r for r in package.resources if r.name == "fct-observations-wave-2021")
    fields = {f.name: f for f in observations.schema.fields}
    # withheld cells publish no count: the column has empty cells, which frictionless reads as numbers
    assert "wave" not in fields and fields["respondents"].type == "number"
    assert "Whole numbers" in fields["respondents"].description
    assert all(f.description for f in fields.values())
    estimates = next(r for r in package.resources if r.name == "fct-indicator-estimates-wave-2021")
    assert estimates.schema.get_field("estimate").to_dict()["unit"] == "percent"


def test_the_analyses_compile_without_a_catalog_and_run_on_the_public_file(warehouse, published, tmp_path):
    copy = tmp_path / "analysts.duckdb"  # dbt opens its database for writing: a copy, not the shared build
    shutil.copyfile(warehouse, copy)
    result = run_dbt(["compile", "--select", "path:analyses"], copy, target_path=tmp_path / "target", echo=False)
    assert result.ok, result.output[-3000:]
    compiled = sorted((tmp_path / "target" / "compiled").rglob("analyses/*.sql"))
    assert len(compiled) == 4
    con = duckdb.connect(str(published["public"]), read_only=True)
    for path in compiled:
        sql = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("--"))
        assert '"analysts".' not in sql and '"marts".' in sql, path.name  # schema-qualified, no catalog
        assert con.sql(sql).fetchall(), path.name
    con.close()
