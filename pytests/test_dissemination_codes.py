"""The public files speak Eurostat's codes as it codes them since January 2025: OBS_STATUS (b break in series,
u low reliability) and CONF_STATUS (C confidential) in place of the retired one-flag `c`/`u`; one code for a
total (TOTAL) in every public table; a sort order beside every coded dimension, so BI tools order size
classes as people do; trends with p-value, reliability, flags and the reason a change is withheld; the
Parquet and SDMX-CSV rounded to the published precision while the DuckDB files keep every digit."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
import sdmx
from scipy import stats

from aibarometer.sdmx_export import DATAFLOW_ID, STRUCTURE_FILE

BREAKS = 3072  # observations of wave 2023 (11 indicators) and 2025 (every one it shares) whose series breaks


@pytest.fixture(scope="module")
def pub(published):
    con = duckdb.connect(str(published["public"]), read_only=True)
    yield con
    con.close()


def test_observations_carry_obs_status_and_conf_status_by_wave(pub):
    """The counts of each status per wave (the committed synthetic waves): wave 2025 is a break in series
    for every indicator an earlier wave estimated (another sampling design, fct_indicator_comparability; its
    seven new indicators' 88 observations start a series and carry no flag), wave 2023 for the
    eleven indicators built on a reworded or added item; unreliable observations show u before b."""
    counts = pub.sql("select wave, obs_status, conf_status, count(*) from marts.fct_observations "
                     "group by all order by all").fetchall()
    assert counts == [(2021, "u", None, 1135), (2021, None, "C", 29), (2021, None, None, 1756),
                      (2023, "b", None, 134), (2023, "u", None, 786), (2023, None, "C", 99), (2023, None, None, 1897),
                      (2025, "b", None, 2299), (2025, "u", None, 615), (2025, None, "C", 14), (2025, None, None, 88)]
    assert pub.sql("select count(*) from duckdb_columns() where column_name = 'obs_flag'").fetchall() == [(0,)]


def test_a_break_is_flagged_where_comparability_says_the_series_breaks_against_the_wave_before(pub):
    got = pub.sql("""
        select count(*) filter (where o.is_break_in_series is distinct from coalesce(
                   c.is_break_in_series or (not c.is_comparable and exists (
                       select 1 from marts.fct_observations as p where p.wave = c.base_wave
                       and p.indicator = o.indicator)), false)),
               count(*) filter (where o.is_break_in_series)
        from marts.fct_observations as o
        left join marts.fct_indicator_comparability as c
            on c.indicator = o.indicator and c.wave = o.wave
            and c.base_wave = (select max(w.wave) from marts.dim_waves as w where w.wave < o.wave)""").fetchall()
    assert got == [(0, BREAKS)]
    (first,) = pub.sql("select count(*) from marts.fct_observations where wave = 2021 and is_break_in_series"
                       ).fetchall()[0]
    assert first == 0  # the first wave has no wave before it
    # a series that starts at a wave does not break there: 2025's generative-AI items, not asked before
    new = pub.sql("select count(*), count(*) filter (where is_break_in_series or obs_status = 'b') "
                  "from marts.fct_observations where wave = 2025 and indicator in "
                  "('uses_generative_ai', 'uses_image_video_audio_generation', 'ai_use_mainly_management')"
                  ).fetchall()
    assert new == [(42, 0)]
    # the headline breaks in 2023 (judged comparable across the reworded language item) and in 2025 (design)
    assert pub.sql("select wave, obs_status from marts.fct_observations where indicator = 'uses_any_ai' and "
                   "population = 'all_firms' and nace_group = 'TOTAL' and size_class = 'TOTAL' order by wave"
                   ).fetchall() == [(2021, None), (2023, "b"), (2025, "b")]


def test_one_code_for_a_total_in_every_public_table(pub):
    """TOTAL, never 'all': breakdown_value of the total breakdown, nace_group and size_class of an observation
    not broken down by them, the comparisons' two values."""
    columns = pub.sql("select table_name, column_name from duckdb_columns() where schema_name = 'marts' and "
                      "data_type = 'VARCHAR' and column_name in ('breakdown_value', 'value_a', 'value_b', "
                      "'nace_group', 'size_class')").fetchall()
    assert len(columns) >= 15
    for table, column in columns:
        assert pub.sql(f'select count(*) from marts."{table}" where "{column}" = \'all\'').fetchall() == [(0,)], table
    totals = pub.sql("select distinct breakdown_value from marts.fct_indicator_estimates where breakdown = 'total' "
                     "union select distinct breakdown_value from marts.fct_indicator_trends where breakdown = 'total' "
                     "union select distinct breakdown_value from marts.fct_quality_indicators "
                     "where breakdown = 'total'").fetchall()
    assert totals == [("TOTAL",)]


def test_every_coded_dimension_has_a_sort_order_that_orders_size_classes_as_people_do(pub):
    orders = pub.sql("select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
                     "and column_name like '%\\_order' escape '\\'").fetchall()
    assert len(orders) >= 60
    for table, column in orders:
        if column == "sort_order" or column.endswith("_sort_order"):
            continue
        # every code found in its code list: no row without its order
        assert pub.sql(f'select count(*) from marts."{table}" where "{column}" is null and '
                       f'"{column.removesuffix("_order")}" is not null').fetchall() == [(0,)], (table, column)
    sizes = pub.sql("select distinct size_class from marts.fct_observations order by size_class_order").fetchall()
    assert sizes == [("TOTAL",), ("5-9",), ("10-49",), ("50-249",), ("250+",)]
    values = pub.sql("select distinct breakdown_value, breakdown_value_order from marts.mart_adoption "
                     "where breakdown = 'size_class' order by breakdown_value_order").fetchall()
    assert [v for v, _ in values] == ["5-9", "10-49", "50-249", "250+"]
    groups = pub.sql("select distinct breakdown_value from marts.fct_quality_indicators where breakdown = 'stratum' "
                     "order by breakdown_value_order limit 5").fetchall()
    assert groups == [("10-33 x 5-9",), ("10-33 x 10-49",), ("10-33 x 50-249",), ("10-33 x 250+",),
                      ("35-39 x 5-9",)]
    comment = pub.sql("select comment from duckdb_columns() where table_name = 'fct_observations' and "
                      "column_name = 'size_class_order'").fetchall()[0][0]
    assert "5-9, 10-49, 50-249, 250+" in comment


def test_trends_carry_p_value_reliability_flags_and_the_withheld_reason(db, pub):
    """p-values against scipy's t distribution; reliability the less reliable of the two estimates; u on an
    unreliable change (the issue's NACE 35-39), C and the reason where either estimate is withheld."""
    rows = db.sql("""
        select t.estimate_change, t.std_error, t.degrees_of_freedom, t.p_value, t.is_significant, t.reliability,
               b.reliability, e.reliability
        from marts.fct_indicator_trends as t
        inner join marts.fct_indicator_estimates as b on b.wave = t.base_wave and b.indicator = t.indicator
            and b.population = t.population and b.breakdown = t.breakdown and b.breakdown_value = t.breakdown_value
        inner join marts.fct_indicator_estimates as e on e.wave = t.wave and e.indicator = t.indicator
            and e.population = t.population and e.breakdown = t.breakdown and e.breakdown_value = t.breakdown_value
        """).fetchall()
    assert len(rows) > 7000
    tested = [r for r in rows if r[3] is not None]
    # no p-value only where the t distribution is undefined (no degrees of freedom) or the change has no error
    assert all(r[2] < 1 or not r[1] for r in rows if r[3] is None)
    change, se, df, p = (np.array([r[i] for r in tested], dtype=float) for i in range(4))
    np.testing.assert_allclose(p, 2 * stats.t.sf(np.abs(change / se), df), rtol=1e-10, atol=1e-300)
    assert all((r[3] < 0.05) == r[4] for r in tested)
    rank = {"reliable": 0, "review": 1, "unreliable": 2}
    assert all(rank[r[5]] == max(rank[r[6]], rank[r[7]]) for r in rows)
    nace = pub.sql("select count(*), count(*) filter (where obs_status = 'u' and reliability = 'unreliable'), "
                   "round(min(ci_upper - ci_lower)), round(max(ci_upper - ci_lower)) from marts.fct_indicator_trends "
                   "where indicator = 'uses_any_ai' and population = 'all_firms' and breakdown_value = '35-39'"
                   ).fetchall()
    assert nace == [(3, 3, 68, 96)]  # every pair of waves, all flagged u (docs/trends.md)
    withheld = pub.sql("select count(*), count(*) filter (where conf_status = 'C' and suppression_reason is not null "
                       "and p_value is null and obs_status is null and reliability is null) "
                       "from marts.fct_indicator_trends where estimate_change is null").fetchall()
    assert withheld[0][0] > 0 and withheld[0][0] == withheld[0][1]
    assert pub.sql("select count(*) from marts.fct_indicator_trends where conf_status is null "
                   "and estimate_change is null").fetchall() == [(0,)]
    reasons = {r for (r,) in pub.sql("select distinct split_part(suppression_reason, ':', 1) "
                                     "from marts.fct_indicator_trends where conf_status = 'C'").fetchall()}
    assert reasons == {"fewer than 5 respondents", "complementary"}


def test_exports_round_to_the_published_precision_and_the_databases_keep_every_digit(published, pub):
    keys = "wave, indicator, population, nace_group, size_class"
    pub.execute(f"create or replace temp view exported as select * from read_parquet("
                f"'{published['parquet']}/fct_observations/*/*.parquet', hive_partitioning = true)")
    got = pub.sql(f"""
        select count(*),
            count(*) filter (where x.obs_value is distinct from round(o.obs_value, 1)
                or x.std_error is distinct from round(o.std_error, 2)
                or x.ci_lower is distinct from round(o.ci_lower, 1)
                or x.ci_upper is distinct from round(o.ci_upper, 1) or x.cv is distinct from o.cv),
            count(*) filter (where o.obs_value != round(o.obs_value, 1))
        from marts.fct_observations as o inner join exported as x using ({keys})""").fetchall()
    # every row exported, every value rounded as declared (cv declares none), the public file unrounded
    assert got[0][0] == 8852 and got[0][1] == 0 and got[0][2] > 5000
    weights = duckdb.sql(f"select count(*) filter (where design_weight != round(design_weight, 1)) from "
                         f"read_parquet('{published['parquet']}/dim_strata/*/*.parquet')").fetchall()[0][0]
    assert weights > 0  # only the columns that declare decimals are rounded


def test_the_sdmx_structure_has_eurostat_status_code_lists(published):
    structure = sdmx.read_sdmx(published["sdmx"] / STRUCTURE_FILE)
    dsd = structure.dataflow[DATAFLOW_ID].structure
    codes = {a: {c.id for c in dsd.attributes.get(a).local_representation.enumerated}
             for a in ("OBS_STATUS", "CONF_STATUS")}
    assert codes == {"OBS_STATUS": {"b", "u"}, "CONF_STATUS": {"C"}}
    assert "OBS_FLAG" not in {a.id for a in dsd.attributes.components}
    header = (published["sdmx"] / "estimates.csv").read_text().splitlines()[0].split(",")
    assert {"OBS_STATUS", "CONF_STATUS", "SUPPRESSION_REASON"} <= set(header)
