"""Where things live, relative to the project root (the folder holding dbt_project.yml)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
RAW_ROOT = PROJECT_ROOT / "data" / "raw"
WAREHOUSE_DIR = PROJECT_ROOT / "warehouse"
BUILD_DIR = WAREHOUSE_DIR / "build"
DATABASE_NAME = "ai_barometer.duckdb"
PUBLIC_DATABASE_NAME = "ai_barometer_public.duckdb"


def project_var(name: str, project_dir: Path = PROJECT_ROOT):
    """A var of dbt_project.yml, for the Python side of a rule the models share (said there once)."""
    import yaml

    return yaml.safe_load((project_dir / "dbt_project.yml").read_text())["vars"][name]


def wave_dir(wave: int, raw_root: Path = RAW_ROOT) -> Path:
    """A wave's partition folder: the only place a year appears in a path."""
    return raw_root / f"wave={wave}"


def default_target(project_dir: Path = PROJECT_ROOT) -> Path:
    """Where dbt writes its artifacts (run_results.json, manifest.json, compiled SQL): DBT_TARGET_PATH if set
    (each test worker sets its own, so two builds never share a partial-parse file), else the project's
    target/."""
    return project_dir / os.environ.get("DBT_TARGET_PATH", "target")  # dbt resolves a relative one from there
