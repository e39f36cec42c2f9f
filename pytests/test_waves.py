"""Waves as partitions: appending a wave is dropping its folder in and running; other waves stay as built."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from aibarometer.paths import DATABASE_NAME, wave_dir
from aibarometer.build import waves_to_build
from aibarometer.publish import build_and_publish


def survey_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table of the warehouse with a wave column, outside raw, staging and audit."""
    return [f"{s}.{t}" for s, t in con.sql(
        "select table_schema, table_name from information_schema.columns join information_schema.tables "
        "using (table_schema, table_name) where column_name = 'wave' and table_type = 'BASE TABLE' "
        "and table_schema in ('marts', 'intermediate') order by all").fetchall()]


def fingerprint(db, wave: int | None = None) -> dict[str, tuple[int, str]]:
    """Per table: row count and a hash of its rows (of one wave, or all), independent of storage order and
    of column order, over the columns with a value in those rows: an item a later wave adds is a new column,
    null in the earlier waves' rows, and appended at the end of a table built incrementally."""
    con = duckdb.connect(str(db), read_only=True)
    where = f"where wave = {wave}" if wave is not None else ""
    out = {}
    for t in survey_tables(con):
        columns = sorted(con.table(t).columns)
        counts = con.sql(f"select {', '.join(f'count({q(c)})' for c in columns)} from {t} {where}").fetchall()[0]
        kept = [c for c, n in zip(columns, counts, strict=True) if n] or columns[:1]
        row = f"struct_pack({', '.join(f'{q(c)} := {q(c)}' for c in kept)})::varchar"
        out[t] = con.sql(f"select count(*), md5(coalesce(string_agg({row}, '|' order by {row}), '')) "
                         f"from {t} {where}").fetchall()[0]
    con.close()
    return out


def q(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'




def run(warehouse, raw, full_refresh=False):
    result, published = build_and_publish(warehouse, raw, full_refresh=full_refresh)
    assert published is not None, result.output[-3000:] + "\n".join(result.failures)
    return warehouse / DATABASE_NAME


@pytest.fixture(scope="module")
def appended(tmp_path_factory):
    """2021 built alone, then 2023 dropped in and run again, then 2025 (new items, a smaller sample: no edit
    to SQL, YAML, seeds or Python), then run once more with nothing new."""
    root = tmp_path_factory.mktemp("waves")
    raw = root / "raw"
    shutil.copytree(wave_dir(2021), raw / "wave=2021")
    db = run(root / "warehouse", raw)
    before = fingerprint(db, 2021)
    shutil.copytree(wave_dir(2023), raw / "wave=2023")
    db = run(root / "warehouse", raw)
    after_2023 = {w: fingerprint(db, w) for w in (2021, 2023)}
    shutil.copytree(wave_dir(2025), raw / "wave=2025")
    db = run(root / "warehouse", raw)
    after_append = fingerprint(db)
    after_2025 = {w: fingerprint(db, w) for w in (2021, 2023)}
    db = run(root / "warehouse", raw)
    return {"root": root, "raw": raw, "db": db, "before": before, "after_2023": after_2023, "after_2025": after_2025,
            "after_append": after_append, "rerun": fingerprint(db)}


def test_appending_a_wave_changes_no_row_of_the_earlier_wave(appended):
    assert appended["before"] == appended["after_2023"][2021]
    assert len(appended["before"]) >= 20
    assert appended["before"]["marts.fct_indicator_estimates"][0] == 2920
    # the tables with a row per wave are untouched by the third wave's append; those that pair waves (trends,
    # comparability, the overlap) gain the new pairs only
    # comparability, the overlap) gain the new pairs only; the codebook matrix gains the added items' columns
    # in every wave's row (<item>__asked false where a wave did not ask it)
    paired = {"marts.fct_indicator_trends", "marts.fct_indicator_comparability",
              "intermediate.int_indicator_overlap_moments", "intermediate.int_codebook_wave_matrix"}
    for wave in (2021, 2023):
        assert {t: v for t, v in appended["after_2025"][wave].items() if t not in paired} \
            == {t: v for t, v in appended["after_2023"][wave].items() if t not in paired}


def test_the_appended_wave_and_its_trends_appear(appended):
    con = duckdb.connect(str(appended["db"]), read_only=True)
    assert con.sql("select wave, sum(usable_responses) from marts.dim_strata group by wave order by wave").fetchall() \
        == [(2021, 1717), (2023, 1825), (2025, 2915)]
    rows = con.sql("select base_wave, wave, round(base_estimate, 1), round(estimate, 1), is_significant "
                   "from marts.fct_indicator_trends "
                   "where indicator = 'uses_text_analysis' and population = 'all_firms' and breakdown = 'total' "
                   "order by all").fetchall()
    assert rows == [(2021, 2023, 9.8, 13.7, True), (2021, 2025, 9.8, 41.0, True), (2023, 2025, 13.7, 41.0, True)]
    # the item 2025 adds is estimated
    assert con.sql("select round(estimate, 1) from marts.fct_indicator_estimates where wave = 2025 and "
                   "indicator = 'uses_generative_ai' and breakdown = 'total'").fetchall() == [(48.0,)]
    # reworded between the waves: no trend, and the reason is kept
    assert con.sql("select count(*) from marts.fct_indicator_trends "
                   "where indicator = 'uses_natural_language_generation'").fetchall() == [(0,)]
    (because,) = con.sql("select not_comparable_because from marts.fct_indicator_comparability "
                         "where indicator = 'uses_natural_language_generation' and wave = 2023").fetchall()[0]
    assert because.startswith("tech_natural_language_generation: The later wording names generative AI")
    con.close()


def test_the_headline_is_trended_by_the_statisticians_judgement(appended):
    """Rewording one technology item breaks comparability of every indicator built from it by the rule;
    the harmonisation seed keeps 'uses any AI' comparable (an indicator-level judgement)."""
    con = duckdb.connect(str(appended["db"]), read_only=True)
    got = con.sql("select round(base_estimate, 1), round(estimate, 1), round(estimate_change, 1), is_significant "
                  "from marts.fct_indicator_trends where indicator = 'uses_any_ai' and population = 'all_firms' "
                  "and breakdown = 'total' and base_wave = 2021 and wave = 2023").fetchall()
    assert got == [(23.2, 32.1, 8.9, True)]
    # the other indicators counting technologies stay out, with the item's reason
    (because,) = con.sql("select not_comparable_because from marts.fct_indicator_comparability "
                         "where indicator = 'uses_2_technologies' and wave = 2023").fetchall()[0]
    assert because.startswith("tech_natural_language_generation: The later wording")
    con.close()


def test_trend_standard_errors_and_intervals_follow_from_the_two_estimates(appended):
    """Every trend row against scipy: change, sqrt(se1^2 + se2^2 - 2 cov) and the independent sqrt(se1^2 +
    se2^2), df = min, t interval, significance (the covariance itself: pytests/test_trends.py)."""
    from scipy import stats

    con = duckdb.connect(str(appended["db"]), read_only=True)
    trends = con.sql(
        "select t.estimate_change, t.std_error, t.degrees_of_freedom, t.ci_lower, t.ci_upper, t.is_significant, "
        "t.covariance, t.std_error_independent, "
        "b.estimate, b.std_error, b.degrees_of_freedom, l.estimate, l.std_error, l.degrees_of_freedom "
        "from marts.fct_indicator_trends t "
        "join marts.fct_indicator_estimates b on b.wave = t.base_wave and b.indicator = t.indicator "
        "and b.population = t.population and b.breakdown = t.breakdown and b.breakdown_value = t.breakdown_value "
        "join marts.fct_indicator_estimates l on l.wave = t.wave and l.indicator = t.indicator "
        "and l.population = t.population and l.breakdown = t.breakdown and l.breakdown_value = t.breakdown_value "
        "where t.std_error is not null and t.degrees_of_freedom >= 1").fetchall()
    con.close()
    assert len(trends) > 1000
    for change, se, df, lower, upper, significant, cov, se_independent, b, b_se, b_df, later, l_se, l_df in trends:
        assert change == pytest.approx(later - b, abs=1e-9)
        assert se_independent == pytest.approx((b_se ** 2 + l_se ** 2) ** 0.5, abs=1e-12)
        assert se == pytest.approx(max(b_se ** 2 + l_se ** 2 - 2 * cov, 0) ** 0.5, abs=1e-12)
        assert df == min(b_df, l_df)
        half = stats.t.ppf(0.975, df) * se
        assert (lower, upper) == (pytest.approx(change - half, abs=1e-9), pytest.approx(change + half, abs=1e-9))
        assert significant == (abs(change) > half)


def test_re_running_without_new_files_changes_nothing(appended):
    assert appended["rerun"] == appended["after_append"]


def test_a_full_refresh_gives_the_incremental_result(appended):
    db = run(appended["root"] / "fresh", appended["raw"], full_refresh=True)
    fresh = fingerprint(db)
    assert fresh.keys() == appended["after_append"].keys()
    assert [t for t in fresh if fresh[t][0] != appended["after_append"][t][0]] == []  # same row counts
    # the numbers: every estimate and trend to 1e-9 (float sums may differ in the last bit by order)
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"attach '{appended['db']}' as incremental (read_only)")
    for table, keys in (("fct_indicator_estimates", "wave, indicator, population, breakdown, breakdown_value"),
                        ("fct_indicator_trends", "wave, base_wave, indicator, population, breakdown, breakdown_value")):
        (differing,) = con.sql(
            f"select count(*) from marts.{table} as f full join incremental.marts.{table} as i using ({keys}) "
            f"where f.estimate is distinct from i.estimate and not abs(f.estimate - i.estimate) < 1e-9 "
            f"or f.std_error is distinct from i.std_error and not abs(f.std_error - i.std_error) < 1e-9").fetchall()[0]
        assert differing == 0, table
    # tables without floating-point sums: identical row for row
    for table in ("marts.fct_response_dispositions", "marts.fct_quarantine", "marts.fct_fieldwork_funnel",
                  "intermediate.int_codebook_wave_items", "marts.fct_respondents",
                  "marts.fct_indicator_comparability"):
        assert fresh[table] == appended["after_append"][table], table
    con.close()


@pytest.mark.parametrize("built, now, rebuilt", [
    ({"2021": "a", "2023": "b"}, {"2021": "a", "2023": "b"}, []),                       # nothing new
    ({"2021": "a", "2023": "b"}, {"2021": "a", "2023": "b", "2025": "c"}, [2025]),     # the newest appended
    ({"2021": "a", "2023": "b"}, {"2021": "a2", "2023": "b"}, [2021, 2023]),           # 2023 inherits 2021's codebook
    ({"2021": "a", "2025": "c"}, {"2021": "a", "2023": "b", "2025": "c"}, [2023, 2025]),  # a wave slotted in between
])
def test_a_changed_wave_rebuilds_itself_and_the_waves_after_it(built, now, rebuilt):
    assert waves_to_build(built, now) == rebuilt
