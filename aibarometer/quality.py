"""The data-quality run: Great Expectations suites over the raw inputs and the marts.

Run by `aibarometer run` between the dbt build and publication: a failed expectation stops
publication with a line per failure naming the table, column, rule and example values. Every run's
results are kept under warehouse/quality/<run>/: JSON per suite, Great Expectations' Data Docs and an
offline page of every expectation (quality_page.py). Great Expectations validates pandas frames (its SQL
data source does not work on DuckDB): the small marts of the built waves as they are, and the raw
responses as a profile DuckDB computes (run_checkpoint says why). A suite per wave and table
(wave_2021.raw.responses, wave_2021.marts.fct_indicator_estimates, ...), an expectation per rule, each
with its meaning as the expectation's description.
"""

from __future__ import annotations

import importlib
import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from aibarometer.codebook import from_warehouse
from aibarometer.layout import RESPONSE_PROFILE
from aibarometer.paths import WAREHOUSE_DIR
from aibarometer.quality_page import write_quality_page

PROFILE_COLUMNS = list(RESPONSE_PROFILE)


_IMPORTING: list[threading.Thread] = []


def preload() -> None:
    """Start importing Great Expectations (about 3 s) in a thread, once: `aibarometer run` calls this when dbt
    starts, so the import runs while dbt's own process works and the checkpoint does not wait for it."""
    if not _IMPORTING:
        _IMPORTING.append(threading.Thread(target=importlib.import_module, args=("great_expectations",),
                                           daemon=True))
        _IMPORTING[0].start()


@dataclass(frozen=True)
class Failure:
    table: str
    column: str | None
    rule: str
    examples: list

    def __str__(self) -> str:
        column = f", column {self.column}" if self.column else ""
        return f"{self.table}{column}: {self.rule} fails, e.g. {self.examples[:5]}"


@dataclass(frozen=True)
class Check:
    """One rule over one column of a wave's accepted responses, counted in DuckDB."""

    column: str
    rule: str  # Great Expectations' name for it
    unexpected: str  # SQL predicate over the value {v}: true where the value breaks the rule
    meaning: str = ""  # what the rule asks, in words (the expectation's description)

    @property
    def key(self) -> str:
        return f"{self.column}.{self.rule}"


def response_checks(items: list[dict], options: dict[str, list[int]], rules: dict[str, dict]) -> list[Check]:
    """What a wave's raw responses export must satisfy, given its codebook and the answer rules of each item
    type (seed item_types): every column present, unique ids, answers in their type's range and coded
    answers in their option set. Written apart from the quarantine's SQL on purpose: a second reading of the
    same rules, so that a bad answer the quarantine lets through is caught here."""
    answer_columns = [i["item"] for i in items if rules[i["item_type"]]["recorded_as"] == "item"]
    checks = [Check(c, "expect_column_to_exist", "", f"The export has the column {c} (the wave's codebook "
                    f"and the landing layout)") for c in PROFILE_COLUMNS + answer_columns]
    checks += [Check("response_id", "expect_column_values_to_be_unique", "",
                     "Every response_id occurs once among the accepted responses"),
               Check("response_id", "expect_column_values_to_not_be_null", "{v} is null",
                     "Every accepted response has a response_id")]
    for item in items:
        rule = rules[item["item_type"]]
        if rule["min_value"] is not None:
            checks.append(Check(item["item"], "expect_column_values_to_be_between",
                                f"not try_cast({{v}} as double) between {rule['min_value']!r} "
                                f"and {rule['max_value']!r}",
                                f"An answer is a number from {float(rule['min_value']):g} to "
                                f"{float(rule['max_value']):g} (item type {item['item_type']})"))
        if item["option_set"]:
            codes = ", ".join(str(c) for c in options[item["option_set"]])
            checks.append(Check(item["item"], "expect_column_values_to_be_in_set",
                                f"{{v}} is not null and not coalesce(try_cast({{v}} as double) in ({codes}), false)",
                                f"An answer is a code of the option set {item['option_set']} ({codes}) or empty"))
    return checks


def response_profile(con: duckdb.DuckDBPyConnection, landed: Path, wave: int,
                     checks: list[Check]) -> dict[str, tuple[int, list]]:
    """Per check, the number of accepted responses breaking it and a few of their values, computed by
    DuckDB in one scan of the wave's landed responses less what the warehouse quarantined: nothing of
    the wave's size is held in Python."""
    rows = (f"(select * from read_parquet('{landed}', hive_partitioning = false) as r where not exists ("
            f"select 1 from wh.marts.fct_quarantine as q where q.wave = {wave} "
            f"and q.source_file like '%/responses.%' and q.source_line = r.source_line::integer))")
    present = {c for (c,) in con.execute(f"select column_name from (describe select * from {rows})").fetchall()}
    present.add("wave") if "declared_wave" in present else None
    profile: dict[str, tuple[int, list]] = {}
    counted = []
    for check in checks:
        column = "declared_wave" if check.column == "wave" else check.column
        if check.rule == "expect_column_to_exist":
            profile[check.key] = (0, []) if check.column in present else (1, [check.column])
        elif column not in present:
            profile[check.key] = (0, [])  # reported by its existence check
        elif check.rule == "expect_column_values_to_be_unique":
            duplicated = con.execute(f'select "{column}" from {rows} where "{column}" is not null '
                                     f'group by all having count(*) > 1 limit 5').fetchall()
            ((extra,),) = con.execute(f'select count("{column}") - count(distinct "{column}") from {rows}').fetchall()
            profile[check.key] = (extra, [d for (d,) in duplicated])
        else:
            counted.append((check, column))
    if counted:
        aggregates = ", ".join(
            f"count(*) filter (where {c.unexpected.replace('{v}', chr(34) + col + chr(34))}), "
            f"(list(try_cast(\"{col}\" as double)) "
            f"filter (where {c.unexpected.replace('{v}', chr(34) + col + chr(34))}))[1:5]"
            for c, col in counted)
        (values,) = con.execute(f"select {aggregates} from {rows}").fetchall()
        for i, (check, _) in enumerate(counted):
            profile[check.key] = (values[2 * i], values[2 * i + 1] or [])
    return profile


def estimate_expectations(gx) -> list:
    e = gx.expectations
    return [
        e.ExpectColumnValuesToBeBetween(column="estimate", min_value=0, max_value=100,
                                        description="An estimate is a share or mean percentage: 0 to 100"),
        e.ExpectColumnValuesToBeBetween(column="respondents", min_value=1,
                                        description="Every estimate rests on at least one respondent"),
        e.ExpectColumnValuesToBeBetween(column="std_error", min_value=0,
                                        description="A standard error is never negative"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="estimate", column_B="ci_lower", or_equal=True,
                                                  ignore_row_if="either_value_is_missing",
                                                  description="The interval's lower bound is at most the estimate"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="ci_upper", column_B="estimate", or_equal=True,
                                                  ignore_row_if="either_value_is_missing",
                                                  description="The interval's upper bound is at least the estimate"),
        e.ExpectColumnValuesToBeInSet(column="reliability", value_set=["reliable", "review", "unreliable"],
                                      description="Reliability is reliable, review or unreliable (NCHS 2017)"),
    ]


def strata_expectations(gx) -> list:
    e = gx.expectations
    return [e.ExpectColumnValuesToBeBetween(column="design_weight", min_value=1,
                                            description="A design weight N_h / n_h is at least 1: a stratum has "
                                                        "no more usable responses than firms"),
            e.ExpectColumnValuesToBeBetween(column="usable_responses", min_value=1,
                                            description="Every stratum of the weights has a usable response")]


def profile_expectations(gx, checks: list[Check], examples: dict[str, list]) -> list:
    """One expectation per rule of the raw responses: the count of accepted responses breaking it (a column
    of the one-row profile) is 0. Its description is the rule's meaning; its meta names the column, the
    rule and the breaking values DuckDB found, so Data Docs show them."""
    return [gx.expectations.ExpectColumnMaxToBeBetween(
        column=c.key, min_value=0, max_value=0, description=f"{c.column}: {c.meaning}",
        meta={"column": c.column, "rule": c.rule, "examples": [str(v) for v in examples[c.key]]}) for c in checks]


def mart_tables(con: duckdb.DuckDBPyConnection, waves: list[int]) -> dict[tuple[int, str], pd.DataFrame]:
    """The marts of the waves this run built (a few thousand rows a wave), a frame per wave and table."""
    tables = {}
    for wave in waves:
        for table in ("marts.fct_indicator_estimates", "marts.dim_strata"):
            tables[(wave, table)] = con.sql(f"select * from wh.{table} where wave = {wave}").df()
    return tables


@dataclass
class Suite:
    """A suite and what it validates: the wave, the table as the failures name it, a frame, expectations."""

    name: str
    wave: int
    table: str
    frame: pd.DataFrame
    expectations: list
    results: list | None = None


def run_checkpoint(warehouse: Path, out_dir: Path, landing: Path = WAREHOUSE_DIR / "landing",
                   waves: list[int] | None = None) -> list[Failure]:
    """Validate the waves this run built (default: every landed wave); write the results as JSON, Data Docs and
    the offline page into out_dir; return the failures. The raw responses are checked as landed less what
    the warehouse quarantined (a failure there means a bad answer got past the quarantine into the
    estimates). Their checks are counted by DuckDB, one scan per wave, and Great Expectations validates
    that profile (one row, a column per rule holding its count of breaking values; an expectation per rule:
    the count is 0), so the checkpoint costs one scan of the built wave and never holds its rows in pandas.
    The marts of the built waves are small and validated row by row, a suite per wave and table."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    preload()  # if the caller did not: the import then runs while DuckDB counts (which frees the GIL)
    landed = {int(p.parent.name.split("=")[1]): p for p in sorted(landing.glob("wave=*/responses.parquet"))}
    waves = sorted(landed) if waves is None else [w for w in waves if w in landed]
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    con.execute(f"attach '{str(warehouse).replace(chr(39), chr(39) * 2)}' as wh (read_only)")
    checks = {wave: response_checks(*from_warehouse(con, wave)) for wave in waves}
    profiles = {wave: response_profile(con, landed[wave], wave, checks[wave]) for wave in waves}
    marts = mart_tables(con, waves)
    con.close()
    _IMPORTING[0].join()
    import great_expectations as gx

    from great_expectations.data_context.types.base import ProgressBarsConfig

    suites: list[Suite] = []
    for wave, profile in profiles.items():
        examples = {key: values for key, (_, values) in profile.items()}
        suites.append(Suite(f"wave_{wave}.raw.responses", wave, f"raw/{landed[wave].parent.name}/responses.csv",
                            pd.DataFrame({key: [count] for key, (count, _) in profile.items()}),
                            profile_expectations(gx, checks[wave], examples)))
    for (wave, table), frame in marts.items():
        suites.append(Suite(f"wave_{wave}.{table}", wave, table, frame,
                            estimate_expectations(gx) if table.endswith("fct_indicator_estimates")
                            else strata_expectations(gx)))

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # Data Docs: one HTML site per run beside the JSON results (out_dir/data_docs/index.html).
    context.add_data_docs_site(site_name="run", site_config={
        "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out_dir / "data_docs")}})
    source = context.data_sources.add_pandas("warehouse")
    failures: list[Failure] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for suite in suites:
        asset = source.add_dataframe_asset(name=suite.name)
        gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.name, expectations=suite.expectations))
        definition = context.validation_definitions.add(gx.ValidationDefinition(
            name=suite.name, data=asset.add_batch_definition_whole_dataframe(suite.table), suite=gx_suite))
        result = definition.run(batch_parameters={"dataframe": suite.frame}, result_format="SUMMARY")
        suite.results = result.results
        (out_dir / f"{suite.name}.json").write_text(json.dumps(result.describe_dict(), indent=1, default=str))
        for r in result.results:
            if r.success:
                continue
            kwargs, meta = r.expectation_config.kwargs, r.expectation_config.meta or {}
            if "rule" in meta:  # a rule of the raw profile: its column, its rule, the values DuckDB found
                failures.append(Failure(suite.table, meta["column"], meta["rule"],
                                        profiles[suite.wave][kwargs["column"]][1]))
                continue
            column = kwargs.get("column") or (f"{kwargs.get('column_A')} vs {kwargs.get('column_B')}"
                                              if "column_A" in kwargs else None)
            found = (r.result or {}).get("partial_unexpected_list") or [(r.result or {}).get("observed_value")]
            failures.append(Failure(f"{suite.table} (wave {suite.wave})", column, r.expectation_config.type, found))
    context.build_data_docs()  # once for all validations (per validation it cost a second each)
    write_quality_page(out_dir / "index.html", suites, failures)
    summary = {"checked_at": datetime.now(UTC).isoformat(), "waves": waves,
               "suites": {s.name: len(s.expectations) for s in suites},
               "failures": [str(f) for f in failures]}
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    return failures
