"""The data-quality run: Great Expectations suites over the raw inputs and the marts.

Run by `aibarometer run` between the dbt build and publication: a failed expectation stops
publication with a line per failure naming the table, column, rule and example values. Every run's
results are kept as JSON under warehouse/quality/<run>/. Great Expectations validates pandas frames
(its SQL data source does not work on DuckDB), read here with DuckDB.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from aibarometer.paths import SEEDS, WAREHOUSE_DIR

PROFILE_COLUMNS = ["response_id", "wave", "invitation_id", "submitted_at", "enterprise_number", "employees",
                   "nace_code"]


@dataclass(frozen=True)
class Failure:
    table: str
    column: str | None
    rule: str
    examples: list

    def __str__(self) -> str:
        column = f", column {self.column}" if self.column else ""
        return f"{self.table}{column}: {self.rule} fails, e.g. {self.examples[:5]}"


def codebook() -> tuple[list[dict[str, str]], dict[str, list[int]]]:
    with (SEEDS / "questionnaire" / "codebook_items.csv").open() as f:
        items = [r for r in csv.DictReader(f) if r["item_type"] not in ("derived", "enterprise_number")]
    options: dict[str, list[int]] = {}
    with (SEEDS / "questionnaire" / "codebook_options.csv").open() as f:
        for r in csv.DictReader(f):
            options.setdefault(r["option_set"], []).append(int(r["code"]))
    return items, options


def response_expectations(gx) -> list:
    """What a raw responses export must satisfy: every column present, unique ids, answers in range."""
    items, options = codebook()
    e = gx.expectations
    out = [e.ExpectColumnToExist(column=c) for c in PROFILE_COLUMNS + [i["item"] for i in items
                                                                        if i["item_type"] not in ("count", "nace_code")]]
    out += [e.ExpectColumnValuesToBeUnique(column="response_id"), e.ExpectColumnValuesToNotBeNull(column="response_id"),
            e.ExpectColumnValuesToBeBetween(column="employees", min_value=0, max_value=1_000_000)]
    for item in items:
        if item["item_type"] == "percentage":
            out.append(e.ExpectColumnValuesToBeBetween(column=item["item"], min_value=0, max_value=100))
        elif item["option_set"]:
            out.append(e.ExpectColumnValuesToBeInSet(column=item["item"], value_set=options[item["option_set"]]))
    return out


def estimate_expectations(gx) -> list:
    e = gx.expectations
    return [
        e.ExpectColumnValuesToBeBetween(column="estimate", min_value=0, max_value=100),
        e.ExpectColumnValuesToBeBetween(column="respondents", min_value=1),
        e.ExpectColumnValuesToBeBetween(column="std_error", min_value=0),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="estimate", column_B="ci_lower", or_equal=True,
                                                  ignore_row_if="either_value_is_missing"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="ci_upper", column_B="estimate", or_equal=True,
                                                  ignore_row_if="either_value_is_missing"),
        e.ExpectColumnValuesToBeInSet(column="reliability", value_set=["reliable", "review", "unreliable"]),
    ]


def strata_expectations(gx) -> list:
    e = gx.expectations
    return [e.ExpectColumnValuesToBeBetween(column="design_weight", min_value=1),
            e.ExpectColumnValuesToBeBetween(column="usable_responses", min_value=1)]


def tables(warehouse: Path, landing: Path) -> dict[str, pd.DataFrame]:
    """The landed responses of every wave less the rows the warehouse quarantined, and the marts."""
    frames: dict[str, pd.DataFrame] = {}
    con = duckdb.connect(str(warehouse), read_only=True)
    for path in sorted(landing.glob("wave=*/responses.parquet")):
        wave = int(path.parent.name.split("=")[1])
        raw = con.execute("select * from read_parquet(?, hive_partitioning = false)", [str(path)]).df()
        quarantined = {line for (line,) in con.execute(
            "select distinct source_line from marts.fct_quarantine where wave = ? and source_file like '%/responses.csv'",
            [wave]).fetchall()}
        raw = raw[~raw["source_line"].astype(int).isin(quarantined)].drop(
            columns=["source_file", "source_line", "source_line_end"])
        raw = raw.rename(columns={"declared_wave": "wave"})
        numeric = [c for c in raw.columns if c not in PROFILE_COLUMNS or c == "employees"]
        raw[numeric] = raw[numeric].apply(pd.to_numeric, errors="coerce")
        frames[f"raw/{path.parent.name}/responses.csv"] = raw
    frames["marts.fct_indicator_estimates"] = con.sql("select * from marts.fct_indicator_estimates").df()
    frames["marts.dim_strata"] = con.sql("select * from marts.dim_strata").df()
    con.close()
    return frames


def run_checkpoint(warehouse: Path, out_dir: Path, landing: Path = WAREHOUSE_DIR / "landing") -> list[Failure]:
    """Validate every table; write the results as JSON into out_dir; return the failures. The raw
    responses are checked as landed less what the warehouse quarantined: a failure there means a bad
    answer got past the quarantine into the estimates."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx  # slow to import: only when the checkpoint runs

    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # Data Docs: one HTML site per run beside the JSON results (out_dir/data_docs/index.html).
    context.add_data_docs_site(site_name="run", site_config={
        "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out_dir / "data_docs")}})
    source = context.data_sources.add_pandas("warehouse")
    failures: list[Failure] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for n, (name, frame) in enumerate(tables(warehouse, landing).items()):
        if name.endswith("responses.csv"):
            expectations = response_expectations(gx)
        elif name.endswith("fct_indicator_estimates"):
            expectations = estimate_expectations(gx)
        else:
            expectations = strata_expectations(gx)
        asset = source.add_dataframe_asset(name=name.replace("/", "__"))
        suite = context.suites.add(gx.ExpectationSuite(name=f"suite_{n}", expectations=expectations))
        definition = context.validation_definitions.add(gx.ValidationDefinition(
            name=f"validate_{n}", data=asset.add_batch_definition_whole_dataframe("whole"), suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"checkpoint_{n}", validation_definitions=[definition], result_format="SUMMARY",
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")]))
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        (result,) = run.run_results.values()
        described = result.describe_dict()
        (out_dir / f"{name.replace('/', '__')}.json").write_text(json.dumps(described, indent=1, default=str))
        for r in result.results:
            if r.success:
                continue
            kwargs = r.expectation_config.kwargs
            column = kwargs.get("column") or (f"{kwargs.get('column_A')} vs {kwargs.get('column_B')}"
                                              if "column_A" in kwargs else None)
            examples = (r.result or {}).get("partial_unexpected_list") or [
                (r.result or {}).get("observed_value")]
            failures.append(Failure(name, column, r.expectation_config.type, examples))
    summary = {"checked_at": datetime.now(timezone.utc).isoformat(), "failures": [str(f) for f in failures]}
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=1))
    return failures
