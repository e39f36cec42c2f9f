"""Command line of the AI-Barometer warehouse: `aibarometer run`, `aibarometer generate`, ..."""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import re
import sys
import time
from pathlib import Path

from aibarometer import build, publish
from aibarometer.intake import IntakeError
from aibarometer.lock import LockBusy
from aibarometer.status import status_lines
from aibarometer.paths import PUBLIC_DATABASE_NAME, RAW_ROOT, WAREHOUSE_DIR


# Exit codes (docs/cli.md): what a script calling aibarometer can rely on; a mistyped command line and a
# folder that cannot be written take sysexits' EX_USAGE and EX_CANTCREAT, distinct from the build's own
OK, NOT_PUBLISHED, BAD_INPUT, BUSY, NOTHING_BUILT, USAGE, CANNOT_WRITE, INTERRUPTED = 0, 1, 2, 3, 4, 64, 73, 130


class UsageError(Exception):
    """A command line argparse refuses, said in one sentence with the likely intended word."""


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake raises UsageError (exit 64, not argparse's 2, which is the raw files' code)
    with a "did you mean" from the words this parser knows."""

    def error(self, message: str) -> None:
        raise UsageError(f"{self.prog}: {message}{suggestion(self, message)}. `{self.prog} --help` lists what it "
                         f"takes")


def known_words(parser: argparse.ArgumentParser) -> list[str]:
    """Every flag and command of parser and its subcommands (a subcommand's flag that argparse reports
    unrecognised reaches the top parser)."""
    words = []
    for action in parser._actions:  # noqa: SLF001 (argparse keeps its actions there)
        words += action.option_strings
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, child in action.choices.items():
                words += [name, *known_words(child)]
    return words


def suggestion(parser: argparse.ArgumentParser, message: str) -> str:
    """' (did you mean --full-refresh?)' for an unknown flag or command close to a known one."""
    known = sorted(set(known_words(parser)))
    words = re.findall(r"invalid choice: '([^']*)'", message) or [
        w.strip("'\",()") for w in message.split() if w.strip("'\",()").startswith("-")]
    for word in words:
        close = difflib.get_close_matches(word.split("=")[0], known, n=1, cutoff=0.6)
        if close and close[0] != word:
            return f" (did you mean {close[0]}?)"
    return ""


def cannot_write(exc: OSError) -> str:
    """One sentence for a folder or file the run cannot create or write, naming it and the fix."""
    where = exc.filename or "the warehouse folder"
    reasons = {errno.EROFS: "is on a read-only file system", errno.EACCES: "is not writable by you",
               errno.ENOTDIR: "has a file where a folder should be",
               errno.EPERM: "is not writable by you", errno.ENOSPC: "is on a disk that is full",
               errno.EDQUOT: "is on a disk whose quota is used up"}
    fix = ("free space on that disk, or give a folder on another one with --warehouse-dir (report: --out)"
           if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "give a folder you can write with --warehouse-dir "
           "(report: --out)")
    return (f"Cannot write {where}: it {reasons.get(exc.errno, f'cannot be written ({exc.strerror})')}. Fix: "
            f"{fix}; nothing half-written was published.")


# not ENOENT: a file that is missing is not a place that cannot be written, and reads raise it too
WRITE_ERRORS = (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR)


def cmd_run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    warehouse_dir = Path(args.warehouse_dir).resolve()
    try:
        # absolute paths: dbt runs in the project folder, so a relative path would name another place there
        result, published = publish.build_and_publish(warehouse_dir, Path(args.raw_root).resolve(), args.full_refresh,
                                                      verbose=args.verbose, wait=not args.no_wait)
    except LockBusy as exc:
        print(exc)
        return BUSY
    except IntakeError as exc:
        print(f"\n{exc}\n\nNothing was built or published: fix the raw files above and run again.")
        return BAD_INPUT
    if not result.ok or published is None:
        print("\nThe warehouse was NOT published: the build or one of its checks failed (see above; dbt's whole "
              f"log is in {warehouse_dir / 'logs'}).")
        return NOT_PUBLISHED
    print()
    for line in publish.summary(published):
        print(f"  {line}")
    print(f"\nWarehouse {'unchanged' if not result.output else 'published'}: {published}")
    print(f"Public database (read-only; `aibarometer shell` opens it): {published.with_name(PUBLIC_DATABASE_NAME)}")
    print(f"Parquet, data package and SDMX: {warehouse_dir / 'parquet'}, {warehouse_dir / 'sdmx'}")
    print(f"Total {time.perf_counter() - started:.1f} s")
    return OK


def cmd_publish_spark(args: argparse.Namespace) -> int:
    from aibarometer.spark_export import ExportError

    warehouse_dir = Path(args.warehouse_dir).resolve()
    try:
        public = publish.publish_spark_export(Path(args.export).resolve(), warehouse_dir, wait=not args.no_wait)
    except LockBusy as exc:
        print(exc)
        return BUSY
    except ExportError as exc:
        print(f"{exc}\n\nNothing was published.")
        return BAD_INPUT
    print(f"Public database (read-only; `aibarometer shell` opens it): {public}")
    print(f"Parquet, data package and SDMX: {warehouse_dir / 'parquet'}, {warehouse_dir / 'sdmx'}")
    return OK


def cmd_status(args: argparse.Namespace) -> int:
    lines = status_lines(Path(args.warehouse_dir).resolve(), Path(args.raw_root).resolve())
    if lines is None:
        print(f"Nothing was built in {Path(args.warehouse_dir).resolve()} yet: {run_advice(args)} builds it.")
        return NOTHING_BUILT
    print("\n".join(lines))
    return OK


def run_advice(args: argparse.Namespace) -> str:
    """The command that builds the folder a command was given: `make run` for the default one."""
    folder = Path(args.warehouse_dir).resolve()
    return "`make run`" if folder == WAREHOUSE_DIR.resolve() else f"`aibarometer run --warehouse-dir {folder}`"


def cmd_shell(args: argparse.Namespace) -> int:
    """The official DuckDB CLI, read-only, on the public database (so it never blocks a build or a reader)."""
    database = Path(args.database).resolve()
    cli = Path(sys.executable).with_name("duckdb")
    if not database.exists():
        print(f"{database} does not exist yet: `make run` publishes it.")
        return NOTHING_BUILT
    if not cli.exists():
        print(f"The DuckDB CLI is not installed in this environment ({cli}): `make run` installs it.")
        return NOTHING_BUILT
    os.execv(str(cli), [str(cli), "-readonly", str(database)])
    return OK  # not reached


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

    started = time.perf_counter()
    page = build_report(Path(args.database).resolve(), Path(args.out).resolve(), args.wave,
                        say=lambda line: print(line, flush=True))
    print(f"report: {page} ({time.perf_counter() - started:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="aibarometer", description=__doc__)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    run = sub.add_parser("run", help="build, test and publish warehouse/ai_barometer.duckdb")
    run.add_argument("--warehouse-dir", default=str(WAREHOUSE_DIR), help="where to publish (tests use a temporary one)")
    run.add_argument("--raw-root", default=str(RAW_ROOT), help="the folder holding the wave=<wave>/ partitions")
    run.add_argument("--full-refresh", action="store_true",
                     help="rebuild every wave (by default only waves whose raw files are new or changed)")
    run.add_argument("--verbose", action="store_true", help="show dbt's whole log here too (it always goes to "
                     "<warehouse-dir>/logs/)")
    run.add_argument("--no-wait", action="store_true", help="when another build holds the warehouse folder, exit "
                     "(code 3) instead of waiting for it")
    run.set_defaults(func=cmd_run)
    spark = sub.add_parser("publish-spark", help="publish the public database, Parquet and SDMX from a Spark "
                           "build's export (python -m aibarometer.spark build --export-marts DIR)")
    spark.add_argument("export", help="the folder --export-marts wrote")
    spark.add_argument("--warehouse-dir", default=str(WAREHOUSE_DIR), help="where to publish")
    spark.add_argument("--no-wait", action="store_true", help="when another build holds the warehouse folder, "
                       "exit (code 3) instead of waiting for it")
    spark.set_defaults(func=cmd_publish_spark)
    status = sub.add_parser("status", help="what the warehouse holds, built from which raw files, what changed since")
    status.add_argument("--warehouse-dir", default=str(WAREHOUSE_DIR))
    status.add_argument("--raw-root", default=str(RAW_ROOT))
    status.set_defaults(func=cmd_status)
    shell = sub.add_parser("shell", help="the DuckDB CLI, read-only, on the public database")
    shell.add_argument("--database", default=str(WAREHOUSE_DIR / PUBLIC_DATABASE_NAME))
    shell.set_defaults(func=cmd_shell)
    gen = sub.add_parser("generate", help="write the calibrated synthetic wave's raw files (data/raw/wave=<wave>/)")
    gen.add_argument("--wave", type=int, default=2021,
                     help="2021 (the baseline, calibrated to the report), or a later edition drawn from the synthetic "
                          "firm register (2023, 2025; docs/trends.md)")
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
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return USAGE
    if args.command is None:  # a bare `aibarometer`: what it can do
        parser.print_help()
        return OK
    try:
        return int(args.func(args))
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            raise
        print(cannot_write(exc))
        return CANNOT_WRITE
    except KeyboardInterrupt:
        print("\nInterrupted: nothing half-built was published (the last published warehouse stands).")
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
