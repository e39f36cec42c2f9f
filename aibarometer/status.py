"""`aibarometer status`: what a warehouse folder holds and what changed since it was built, read from the
files a run leaves (no build, no lock): the published files and when, each built wave with the raw files
and hashes it was built from, and which raw folders are new, changed or gone since."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from aibarometer.build import project_signature
from aibarometer.intake import WAVE_FOLDER, wave_signature
from aibarometer.layout import RESPONSE_SUFFIXES
from aibarometer.paths import BUILD_DIR, DATABASE_NAME, PUBLIC_DATABASE_NAME
from aibarometer.publish import published_state, spark_published_record


def _when(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).isoformat(sep=" ", timespec="seconds")


def status_lines(warehouse_dir: Path, raw_root: Path) -> list[str] | None:
    """Lines describing the folder; None when nothing was ever built there."""
    state_path = warehouse_dir / BUILD_DIR.name / (Path(DATABASE_NAME).stem + ".waves.json")
    serving = warehouse_dir / DATABASE_NAME
    spark = spark_published_record(warehouse_dir)
    from_spark = spark.exists() and not published_state(warehouse_dir).exists()
    if not state_path.exists() and not serving.exists() and not from_spark:
        return None
    lines = [f"warehouse folder: {warehouse_dir}"]
    for path in (serving, warehouse_dir / PUBLIC_DATABASE_NAME, warehouse_dir / "parquet" / "datapackage.json",
                 warehouse_dir / "sdmx" / "estimates.csv"):
        lines.append(f"  {path.relative_to(warehouse_dir)}: " + (f"published {_when(path)}" if path.exists()
                                                                  else "not published"))
    if from_spark:
        lines.append(f"  the public files are a Spark build's, published {_when(spark)} from "
                     f"{json.loads(spark.read_text())['export']} (aibarometer publish-spark); the next "
                     f"`aibarometer run` publishes its own build's")
        if not state_path.exists():
            return lines
    state = json.loads(state_path.read_text()) if state_path.exists() else {"waves": {}}
    built = state.get("waves", {})
    lines.append(f"built {_when(state_path)}: waves {', '.join(sorted(built)) or 'none'}" if state_path.exists()
                 else "no build state (warehouse/build/ was cleaned)")
    for wave, signature in sorted(built.items()):
        files = ", ".join(f"{name} {digest[:12]}" for name, digest in sorted(signature.items())
                          if name.endswith(RESPONSE_SUFFIXES))
        lines.append(f"  wave {wave}: {files}")
    folders = sorted(p for p in raw_root.iterdir() if p.is_dir() and WAVE_FOLDER.match(p.name)) \
        if raw_root.is_dir() else []
    waves = [int(WAVE_FOLDER.match(p.name).group(1)) for p in folders]
    changes = []
    for wave in waves:
        if str(wave) not in built:
            changes.append(f"wave {wave} is new")
        elif wave_signature(raw_root, wave, waves) != built[str(wave)]:
            now = wave_signature(raw_root, wave, waves)
            differ = sorted(k for k in set(now) | set(built[str(wave)]) if now.get(k) != built[str(wave)].get(k))
            changes.append(f"wave {wave} changed ({', '.join(differ)})")
    changes += [f"wave {w} is gone from {raw_root}" for w in sorted(built) if int(w) not in waves]
    if state.get("project") and state["project"] != project_signature():
        changes.append("models, macros, seeds or project config changed (every wave is rebuilt)")
    nothing = "nothing (a run would publish it again)" if from_spark else "nothing (a run would do nothing)"
    lines.append("changed since the build: " + ("; ".join(changes) if changes else nothing))
    return lines
