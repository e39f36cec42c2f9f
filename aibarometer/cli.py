"""Command line of the AI-Barometer warehouse: `aibarometer run`, `aibarometer generate`, ..."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aibarometer import build, publish
from aibarometer.intake import IntakeError
from aibarometer.paths import PUBLIC_DATABASE_NAME, RAW_ROOT, WAREHOUSE_DIR


def cmd_run(args: argparse.Namespace) -> int:
    try:
        # absolute paths: dbt runs in the project folder, so a relative path would name another place there
        result, published = publish.build_and_publish(Path(args.warehouse_dir).resolve(), Path(args.raw_root).resolve(),
                                                      args.full_refresh)
    except IntakeError as exc:
        print(f"\n{exc}\n\nNothing was built or published: fix the raw files above and run again.")
        return 2
    if not result.ok or published is None:
        print("\nThe warehouse was NOT published: the build or one of its checks failed (see above).")
        return 1
    print(f"\nWarehouse {'unchanged' if not result.output else 'published'}: {published}")
    print(f"Public database (marts only, suppressed estimates withheld): {published.with_name(PUBLIC_DATABASE_NAME)}")
    for line in publish.summary(published):
        print(f"  {line}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    import time

    from aibarometer.generator.wave import generate

    started = time.perf_counter()
    if args.scale:
        from aibarometer.generator.scale import generate_scale

        waves = [int(w) for w in args.waves.split(",")]
        generate_scale(args.scale, waves, Path(args.out))
        print(f"{len(waves)} uncalibrated wave(s) of about {args.scale} respondents written to {args.out} "
              f"in {time.perf_counter() - started:.1f} s")
        return 0
    counts = generate(args.wave)
    print(f"wave {args.wave} written in {time.perf_counter() - started:.1f} s: " +
          ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    try:
        build.intake(Path(args.raw_root).resolve(), Path(args.landing).resolve())
    except IntakeError as exc:
        print(exc)
        return 2
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from aibarometer.report import build_report

    page = build_report(Path(args.database).resolve(), Path(args.out).resolve(), args.wave)
    print(f"report: {page}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aibarometer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="build, test and publish warehouse/ai_barometer.duckdb")
    run.add_argument("--warehouse-dir", default=str(WAREHOUSE_DIR), help="where to publish (tests use a temporary one)")
    run.add_argument("--raw-root", default=str(RAW_ROOT), help="the folder holding the wave=<wave>/ partitions")
    run.add_argument("--full-refresh", action="store_true",
                     help="rebuild every wave (by default only waves whose raw files are new or changed)")
    run.set_defaults(func=cmd_run)
    gen = sub.add_parser("generate", help="write the calibrated synthetic wave's raw files (data/raw/wave=<wave>/)")
    gen.add_argument("--wave", type=int, default=2021)
    gen.add_argument("--scale", type=int, default=0,
                     help="scale mode: uncalibrated waves of this many respondents (benchmarks)")
    gen.add_argument("--waves", default="2021", help="scale mode: comma-separated waves to write")
    gen.add_argument("--out", default="warehouse/scale/raw", help="scale mode: raw root to write into")
    gen.set_defaults(func=cmd_generate)
    intake = sub.add_parser("intake", help="check the raw wave partitions and land them for dbt (run does this)")
    intake.add_argument("--raw-root", default=str(RAW_ROOT))
    intake.add_argument("--landing", default=str(WAREHOUSE_DIR / "landing"))
    intake.set_defaults(func=cmd_intake)
    rep = sub.add_parser("report", help="the report per wave in Dutch and English, as HTML and PDF")
    rep.add_argument("--database", default=str(WAREHOUSE_DIR / PUBLIC_DATABASE_NAME))
    rep.add_argument("--out", default=str(WAREHOUSE_DIR / "report"))
    rep.add_argument("--wave", type=int, default=None, help="one wave (default: every wave)")
    rep.set_defaults(func=cmd_report)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
