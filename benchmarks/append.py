"""What appending one wave costs with 4 and with 19 waves already loaded (`make run`'s incremental path).

    .venv/bin/python benchmarks/append.py [--respondents 2000]

Scale-mode waves (uncalibrated) are written to a scratch folder; the warehouse is built in full with the
first N-1 waves, then the N-th wave's folder is dropped in and the build is timed (intake + incremental
dbt build with its tests). Prints the figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from aibarometer.generator.scale import generate_scale
from aibarometer.build import build

FIRST_WAVE = 2101  # scale waves are numbered past any real edition


def append_cost(loaded: int, respondents: int, workdir: Path) -> dict[str, float]:
    source = workdir / "all"
    raw = workdir / f"raw{loaded}"
    for wave in range(FIRST_WAVE, FIRST_WAVE + loaded):
        shutil.copytree(source / f"wave={wave}", raw / f"wave={wave}")
    db = workdir / f"build{loaded}" / "warehouse.duckdb"
    landing = workdir / f"landing{loaded}"
    started = time.perf_counter()
    assert build(db, landing, raw).ok
    full_s = time.perf_counter() - started
    new = FIRST_WAVE + loaded
    shutil.copytree(source / f"wave={new}", raw / f"wave={new}")
    started = time.perf_counter()
    assert build(db, landing, raw).ok
    return {"loaded": loaded, "full_build_s": full_s, "append_s": time.perf_counter() - started,
            "db_mb": db.stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=2000, help="usable respondents per wave")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        generate_scale(args.respondents, list(range(FIRST_WAVE, FIRST_WAVE + 20)), workdir / "all")
        results = [append_cost(loaded, args.respondents, workdir) for loaded in (4, 19)]
    print(f"\nappending one wave of {args.respondents} usable respondents:")
    for r in results:
        print(f"  {r['loaded']:>2} waves loaded: append {r['append_s']:.1f} s (full build of those {r['loaded']} "
              f"waves: {r['full_build_s']:.1f} s; database {r['db_mb']:.0f} MB)")
    peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"peak memory of this process and its dbt children: {peak_kib / 1024:.0f} MB")


if __name__ == "__main__":
    main()
