"""Benchmark: every estimate with its precision, SQL route (dbt on DuckDB) against svy.

For scale-mode waves of 10,000, 100,000 and 1,000,000 respondents (or --sizes), builds the warehouse
up to fct_respondents (not timed), then times
  - SQL: `dbt run` of int_indicator_stratum_sums and every section mart (all indicators, populations
    and breakdowns, with standard errors, intervals, design effects), in its own process;
  - svy: the same Taylor estimates (mean with domain `where` and `by`) for a sample of indicators in
    its own process, extrapolated linearly to all indicators (svy would take hours at 1,000,000).
Prints wall time and peak memory (max RSS of the process) of each, and the ratio.

    .venv/bin/python benchmarks/precision.py [--sizes 10000,100000,1000000]

A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aibarometer.dbt import dbt_env  # noqa: E402
from pytests.survey_reference import svy_indicator_columns  # noqa: E402

SVY_SAMPLE = ["uses_any_ai", "barrier_limited_usefulness", "great_lack_ai_landscape", "applies_ict_security",
              "budget_decreased", "cost_reduction"]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MiB, output) of a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out[-3000:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out


def svy_worker(db_path: str) -> None:
    """Child process: the svy estimates of SVY_SAMPLE over every population and breakdown."""
    import duckdb
    import pandas as pd
    import polars as pl
    import svy

    defs = pd.read_csv(ROOT / "seeds" / "questionnaire" / "indicators.csv", dtype=str,
                       keep_default_na=False).set_index("indicator")
    con = duckdb.connect(db_path, read_only=True)
    data = pl.from_pandas(con.sql("select * from marts.fct_respondents").df())
    con.close()
    data = data.with_columns((pl.col("nace_group") + " x " + pl.col("size_class")).alias("stratum"),
                             pl.col("stratum_population").cast(pl.Float64))
    started = time.perf_counter()
    estimates = 0
    for indicator in SVY_SAMPLE:
        y, valid = svy_indicator_columns(defs.loc[indicator])
        frame = data.with_columns(y.alias("y"), valid.alias("valid"))
        sample = svy.Sample(frame, svy.Design(stratum="stratum", wgt="design_weight",
                                              pop_size="stratum_population", singleton="center"))
        for population in (pl.lit(True), pl.col("is_adopter"), ~pl.col("is_adopter")):
            for by in (None, "nace_group", "size_class"):
                out = sample.estimation.mean("y", by=by, where=pl.col("valid") & population)
                estimates += len(out.to_polars())
    print(json.dumps({"seconds": time.perf_counter() - started, "estimates": estimates}))


def run(size: int, workdir: Path) -> dict[str, float]:
    from aibarometer.generator.scale import generate_scale
    from aibarometer.intake import land

    raw = workdir / f"raw{size}"
    generate_scale(size, [2099], raw)
    land(raw, workdir / f"landing{size}")
    db = workdir / f"bench{size}.duckdb"
    env = dbt_env(db, landing_root=workdir / f"landing{size}", target_path=workdir / f"target{size}")
    dbt = str(Path(sys.executable).parent / "dbt")
    timed([dbt, "seed", "-q"], env)
    timed([dbt, "run", "-q", "-s", "+fct_respondents"], env)
    sql_s, sql_mb, _ = timed([dbt, "run", "-q", "-s", "int_indicator_stratum_moments", "int_indicator_stratum_sums",
                              "path:models/marts"], env)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    (n_estimates,) = con.sql("select count(*) from marts.fct_indicator_estimates").fetchall()[0]
    (n_indicators,) = con.sql("select count(distinct indicator) from marts.fct_indicator_estimates").fetchall()[0]
    con.close()
    svy_s, svy_mb, out = timed([sys.executable, __file__, "--svy-worker", str(db)])
    svy_run = json.loads(out.strip().splitlines()[-1])
    svy_all = svy_run["seconds"] * n_indicators / len(SVY_SAMPLE)
    return {"size": size, "estimates": n_estimates, "sql_s": sql_s, "sql_mb": sql_mb,
            "svy_sample_s": svy_run["seconds"], "svy_all_s": svy_all, "svy_mb": svy_mb, "ratio": svy_all / sql_s}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--svy-worker")
    args = parser.parse_args()
    if args.svy_worker:
        svy_worker(args.svy_worker)
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run(int(s), Path(tmp)) for s in args.sizes.split(",")]
    print(f"\n{'respondents':>12} {'estimates':>9} {'SQL s':>8} {'SQL MiB':>8} "
          f"{'svy s (6 ind.)':>14} {'svy s (all, extrap.)':>20} {'svy MiB':>8} {'svy/SQL':>8}")
    for r in rows:
        print(f"{r['size']:>12,} {r['estimates']:>9,} {r['sql_s']:>8.1f} {r['sql_mb']:>8.0f} "
              f"{r['svy_sample_s']:>14.1f} {r['svy_all_s']:>20.0f} {r['svy_mb']:>8.0f} {r['ratio']:>8.1f}")


if __name__ == "__main__":
    main()
