"""Command line of the AI-Barometer warehouse: `aibarometer run`, `aibarometer generate`, ..."""

from __future__ import annotations

import argparse
import sys

from aibarometer import publish
from aibarometer.paths import WAREHOUSE_DIR


def cmd_run(args: argparse.Namespace) -> int:
    result, published = publish.build_and_publish(WAREHOUSE_DIR)
    if not result.ok or published is None:
        print("\nThe warehouse was NOT published: the build or one of its checks failed (see above).")
        return 1
    print(f"\nWarehouse published: {published}")
    for line in publish.summary(published):
        print(f"  {line}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aibarometer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="build, test and publish warehouse/ai_barometer.duckdb").set_defaults(func=cmd_run)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
