"""Benchmark: a scale-mode wave end to end, step by step, against a single-pass reference and svy.

    .venv/bin/python benchmarks/scale.py [--sizes 10000,100000,1000000] [--svy]

For each size, one uncalibrated scale-mode wave is written to a scratch folder, then
  - end to end: `aibarometer run` into a fresh warehouse folder (wall time, peak memory), and the same
    command again with nothing changed (the no-op re-run);
  - per step, each in its own process into another fresh folder so that its peak memory is its own:
    intake, dbt build, data-quality checkpoint, publish;
  - the estimation step alone: dbt's own execution time of int_indicator_stratum_moments,
    int_indicator_stratum_sums and the section marts (run_results.json of the build), and that
    process's wall time;
  - the single-pass reference: every indicator x population x stratum's n, sum and sum of squares in
    ONE DuckDB aggregation over fct_respondents (generated here from the indicator seed), then the
    domain estimates and stratified Taylor SEs over the strata in numpy; it is checked against the
    warehouse's estimates and SEs (max abs difference printed);
  - svy (with --svy): the same Taylor estimates for 6 indicators x 3 populations x 3 breakdowns,
    extrapolated linearly to every indicator (benchmarks/precision.py's worker).
Prints the figures and the ratios. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import precision  # noqa: E402  (timed, the svy worker)

from aibarometer.dbt import dbt_env  # noqa: E402

PY = sys.executable
ESTIMATION = ("int_indicator_stratum_moments", "int_indicator_stratum_sums", "mart_")


def aibarometer(*args: str) -> list[str]:
    return [str(Path(PY).parent / "aibarometer"), *args]


def step(code: str) -> list[str]:
    return [PY, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); {code}"]


def reference(db: Path, wave: int) -> tuple[float, float, float, int]:
    """The single-pass reference: (seconds, max |estimate diff|, max |SE diff|, estimates)."""
    import duckdb
    import numpy as np

    con = duckdb.connect(str(db), read_only=True)
    asked = {c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = 'marts' "
                                       "and table_name = 'fct_respondents'").fetchall()}
    with (ROOT / "seeds" / "questionnaire" / "indicators.csv").open(encoding="utf-8") as f:
        # the indicators of the items this wave's codebook asks (a later wave's new items have no column here)
        indicators = sorted((r for r in csv.DictReader(f) if {r["item"], r["condition_item"] or r["item"]} <= asked),
                            key=lambda r: (int(r["sort_order"]), r["indicator"]))
    columns, aggregates = [], []
    for k, d in enumerate(indicators):
        observed = f"{d['item']} is not null" + (
            f" and {d['condition_item']} in ({d['condition_codes'].replace('|', ', ')})" if d["condition_item"] else "")
        score = (f"{d['item']}::double" if d["statistic"] == "mean_pct"
                 else f"({d['item']} in ({d['counted_codes'].replace('|', ', ')}))::double")
        columns += [f"case when {observed} then 1 else 0 end as x{k}", f"case when {observed} then {score} end as y{k}"]
        for p, weight in enumerate(("1", "a", "(1 - a)")):
            aggregates += [f"sum(x{k} * {weight}) as n{k}_{p}", f"sum(y{k} * {weight}) as s{k}_{p}",
                           f"sum(y{k} * y{k} * {weight}) as q{k}_{p}"]
    con.execute("set enable_progress_bar = false")
    started = time.perf_counter()
    sql = (f"select nace_group, size_class, any_value(stratum_population) as big_n, count(*) as small_n, "
           f"{', '.join(aggregates)} from (select nace_group, size_class, stratum_population, "
           f"is_adopter::integer as a, {', '.join(columns)} from marts.fct_respondents where wave = {wave}) "
           f"group by all order by all")
    strata = con.execute(sql).fetchnumpy()
    big_n = strata["big_n"].astype(float)
    small_n = strata["small_n"].astype(float)
    w = big_n / small_n
    fpc = 1 - small_n / big_n
    domains = [("total", "TOTAL", np.ones(len(w), bool))]  # the warehouse's total_member()
    for breakdown in ("nace_group", "size_class"):
        domains += [(breakdown, v, strata[breakdown] == v) for v in sorted(set(strata[breakdown]))]
    out = {}
    for k, d in enumerate(indicators):
        for p, population in enumerate(("all_firms", "adopters", "non_adopters")):
            n = np.nan_to_num(strata[f"n{k}_{p}"].astype(float))
            s = np.nan_to_num(strata[f"s{k}_{p}"].astype(float))
            q = np.nan_to_num(strata[f"q{k}_{p}"].astype(float))
            for breakdown, value, member in domains:
                h = member & (n > 0)
                if not h.any():
                    continue
                x = (w[h] * n[h]).sum()
                r = (w[h] * s[h]).sum() / x
                z = w[h] * (s[h] - r * n[h]) / x
                zz = w[h] ** 2 * (q[h] - 2 * r * s[h] + r * r * n[h]) / x ** 2
                nh = small_n[h]
                terms = np.where(nh >= 2, fpc[h] * nh / np.maximum(nh - 1, 1) * (zz - z * z / nh), fpc[h] * z * z)
                scale = 100 if d["statistic"] == "pct" else 1
                out[(d["indicator"], population, breakdown, value)] = (scale * r, scale * np.sqrt(max(terms.sum(), 0)))
    seconds = time.perf_counter() - started
    warehouse = con.execute("select indicator, population, breakdown, breakdown_value, estimate, std_error "
                            "from marts.fct_indicator_estimates where wave = ? "
                            "and breakdown in ('total', 'nace_group', 'size_class')", [wave]).fetchall()
    con.close()
    missing = [key[:4] for key in warehouse if key[:4] not in out]
    assert not missing, f"estimates the reference computed none for: {missing[:3]}"
    diffs = [(abs(out[key[:4]][0] - key[4]), abs(out[key[:4]][1] - key[5])) for key in warehouse]
    return seconds, max(d[0] for d in diffs), max(d[1] for d in diffs), len(out)


def run(size: int, workdir: Path, with_svy: bool) -> dict[str, object]:
    wave = 2031
    raw = workdir / f"raw{size}"
    # written by a child process: Linux keeps a process's peak memory across exec, so every child of a
    # parent that had held the generated wave would report at least that parent's peak
    precision.timed(aibarometer("generate", "--scale", str(size), "--waves", str(wave), "--out", str(raw)))
    r: dict[str, object] = {"size": size}
    # end to end, then again with nothing changed
    end = workdir / f"end{size}"
    r["run_s"], r["run_mb"], _ = precision.timed(aibarometer("run", "--raw-root", str(raw),
                                                             "--warehouse-dir", str(end)))
    r["noop_s"], r["noop_mb"], _ = precision.timed(aibarometer("run", "--raw-root", str(raw), "--warehouse-dir",
                                                               str(end)))
    # step by step, each its own process
    steps = workdir / f"steps{size}"
    db = steps / "build" / "ai_barometer.duckdb"
    landing = steps / "landing"
    r["intake_s"], r["intake_mb"], _ = precision.timed(aibarometer("intake", "--raw-root", str(raw), "--landing",
                                                                   str(landing)))
    db.parent.mkdir(parents=True, exist_ok=True)
    env = dbt_env(db, landing_root=landing, target_path=steps / "target")
    env["DBT_PARTIAL_PARSE"] = "True"
    r["dbt_s"], r["dbt_mb"], _ = precision.timed([str(Path(PY).parent / "dbt"), "build", "-q", "--store-failures"], env)
    results = json.loads((steps / "target" / "run_results.json").read_text())["results"]
    r["estimation_engine_s"] = sum(x["execution_time"] for x in results if x["unique_id"].startswith("model.")
                                   and x["unique_id"].split(".")[-1].startswith(ESTIMATION))
    r["checkpoint_s"], r["checkpoint_mb"], _ = precision.timed(step(
        f"from pathlib import Path; from aibarometer.quality import run_checkpoint; "
        f"assert not run_checkpoint(Path({str(db)!r}), Path({str(steps / 'quality')!r}), "
        f"landing=Path({str(landing)!r}))"))
    r["publish_s"], r["publish_mb"], _ = precision.timed(step(
        f"from pathlib import Path; from aibarometer.public import write_public, export_parquet; "
        f"write_public(Path({str(db)!r}), Path({str(steps / 'public.duckdb')!r})); "
        f"export_parquet(Path({str(steps / 'public.duckdb')!r}), Path({str(steps / 'parquet')!r}))"))
    # the estimation step alone, as dbt runs it (process wall time includes dbt's start)
    r["estimation_s"], r["estimation_mb"], _ = precision.timed(
        [str(Path(PY).parent / "dbt"), "run", "-q", "-s", "int_indicator_stratum_moments", "int_indicator_stratum_sums",
         "path:models/marts"], env)
    _, _, out = precision.timed([PY, __file__, "--reference", str(db), "--wave", str(wave)])
    r["reference_s"], r["reference_est_diff"], r["reference_se_diff"], r["estimates"] = json.loads(
        out.strip().splitlines()[-1])
    if with_svy:
        svy_s, r["svy_mb"], out = precision.timed([PY, str(ROOT / "benchmarks" / "precision.py"), "--svy-worker",
                                                   str(db)])
        sample = json.loads(out.strip().splitlines()[-1])["seconds"]
        with (ROOT / "seeds" / "questionnaire" / "indicators.csv").open(encoding="utf-8") as f:
            n_indicators = sum(1 for _ in csv.DictReader(f))
        r["svy_s"] = sample * n_indicators / len(precision.SVY_SAMPLE)
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--svy", action="store_true", help="also time svy on 6 indicators (minutes at 1,000,000)")
    parser.add_argument("--reference", help=argparse.SUPPRESS)  # child process: the reference on this database
    parser.add_argument("--wave", type=int, default=2031, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference:
        print(json.dumps([float(v) for v in reference(Path(args.reference), args.wave)]))
        return
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run(int(s), Path(tmp), args.svy) for s in args.sizes.split(",")]
    for r in rows:
        print(f"\n{r['size']:,} usable respondents ({int(r['estimates']):,} estimates in the reference's breakdowns)")
        print(f"  aibarometer run, end to end : {r['run_s']:6.1f} s  {r['run_mb']:6.0f} MiB peak")
        print(f"  the same, nothing changed   : {r['noop_s']:6.1f} s  {r['noop_mb']:6.0f} MiB peak")
        for name in ("intake", "dbt", "checkpoint", "publish"):
            print(f"  step {name:<23}: {r[name + '_s']:6.1f} s  {r[name + '_mb']:6.0f} MiB peak")
        print(f"  estimation step, dbt run    : {r['estimation_s']:6.1f} s  {r['estimation_mb']:6.0f} MiB peak "
              f"(in-engine {r['estimation_engine_s']:.1f} s)")
        print(f"  single-pass reference       : {r['reference_s']:6.2f} s  (max diff: estimate "
              f"{r['reference_est_diff']:.1e}, SE {r['reference_se_diff']:.1e})")
        print(f"  ratio estimation (in-engine) / reference: {r['estimation_engine_s'] / r['reference_s']:.1f}; "
              f"dbt run / reference: {r['estimation_s'] / r['reference_s']:.1f}")
        if "svy_s" in r:
            print(f"  svy, all indicators (extrapolated from 6): {r['svy_s']:.0f} s, {r['svy_mb']:.0f} MiB; "
                  f"svy / estimation step: {r['svy_s'] / r['estimation_s']:.0f}x")


if __name__ == "__main__":
    main()
