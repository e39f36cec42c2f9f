"""What a run builds: the intake lands the raw files, the build state (warehouse/build/*.waves.json: the
project's signature and each wave's raw signature as last built) says which waves are new or changed, and
`dbt build` runs for those only - in full when the project changed, not at all when nothing did.
Publishing what was built is aibarometer.publish's."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aibarometer.dbt import DbtResult, run_dbt
from aibarometer.intake import MANIFEST, IntakeReport, land
from aibarometer.paths import PROJECT_ROOT, RAW_ROOT, SEEDS
from aibarometer.quality import preload


def intake(raw_root: Path, landing: Path, seeds: Path = SEEDS) -> IntakeReport:
    """Check and land the raw files (aibarometer.intake); say what was converted or set aside."""
    started = time.perf_counter()
    report = land(raw_root, landing, seeds=seeds, say=print if sys.stdout.isatty() else None)
    print(f"intake: waves {report.waves}; landed anew {report.landed or 'none (raw files unchanged)'}; "
          f"{report.rejected_rows} line span(s) that are not rows set aside for the quarantine "
          f"({time.perf_counter() - started:.1f} s)")
    for line in report.log:
        print(f"intake: {line}")
    return report


def project_signature(project_dir: Path = PROJECT_ROOT) -> str:
    """A hash of everything that shapes every wave's numbers or the file holding them: models, macros,
    seeds, project and profile config (the profile sets the file's storage format, fixed when the file is
    created). When it changes, every wave is rebuilt (an incremental run would mix old and new logic)."""
    digest = hashlib.sha256()
    for part in ("models", "macros", "seeds", "dbt_project.yml", "profiles.yml"):
        root = project_dir / part
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file():
                digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def waves_to_build(built: dict[str, object], signatures: dict[str, object]) -> list[int]:
    """The waves whose raw files are new or changed, and every later wave: a wave inherits the codebook
    changes of the waves before it (int_codebook_wave_items), so editing an earlier wave's files, or
    adding a wave before the last one, can change later waves too. Appending the newest wave builds it
    alone."""
    changed = [int(w) for w, sig in signatures.items() if built.get(w) != sig]
    if not changed:
        return []
    return sorted(int(w) for w in signatures if int(w) >= min(changed))


@dataclass
class BuildResult:
    """What a build did: dbt's result, and the waves it built (None: nothing changed, nothing ran)."""

    dbt: DbtResult
    waves: list[int] | None
    state: dict[str, object] | None = None  # what the build file holds: project and raw signatures

    @property
    def ok(self) -> bool:
        return self.dbt.ok

    @property
    def unchanged(self) -> bool:
        return self.waves is None


def build(build_path: Path, landing: Path, raw_root: Path = RAW_ROOT, target_path: Path | None = None,
          full_refresh: bool = False, verbose: bool = True, log_dir: Path | None = None) -> BuildResult:
    """Intake, then `dbt build` (seeds, models, tests) into build_path: incremental for the waves whose
    raw files are new or changed since the last successful build, in full when the build file is missing,
    the project changed, a wave was removed or full_refresh is asked; not at all when nothing changed
    (raw files, models, macros, seeds, project config), which makes a re-run cost the intake's hashing
    only. A structural problem of the raw files raises IntakeError before dbt starts."""
    report = intake(raw_root, landing)
    signatures = {str(w): v["signature"] for w, v in json.loads((landing / MANIFEST).read_text()).items()}
    state_path = build_path.with_name(build_path.stem + ".waves.json")
    state = json.loads(state_path.read_text()) if state_path.exists() and build_path.exists() else {}
    code = project_signature()
    full = (full_refresh or not state or state.get("project") != code
            or not set(state.get("waves", {})) <= set(signatures))
    if full:
        for stale in (build_path, build_path.with_suffix(build_path.suffix + ".wal"), state_path):
            stale.unlink(missing_ok=True)
        args = ["build", "--store-failures", "--full-refresh"]
        waves = report.waves
        print(f"dbt: full build of waves {report.waves}")
    else:
        waves = waves_to_build(state["waves"], signatures)
        if not waves:
            return BuildResult(DbtResult(0, "", []), None, state)
        args = ["build", "--store-failures"]
        print(f"dbt: incremental build of waves {waves}; other waves kept as built")
    preload()  # the checkpoint's library loads while dbt runs in its own process
    started = time.perf_counter()
    log_file = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / f"dbt-{datetime.now().strftime('%Y%m%dT%H%M%S')}.log"
        print(f"dbt: its whole log goes to {log_file}" + ("" if verbose else " (--verbose shows it here)"))
    result = run_dbt(args, build_path, landing_root=landing, target_path=target_path, echo=verbose,
                     progress=not verbose and sys.stdout.isatty(), log_file=log_file,
                     build_waves=None if full else waves)
    print(f"dbt: {'done' if result.ok else 'FAILED'} ({time.perf_counter() - started:.1f} s)")
    state = {"project": code, "waves": signatures}
    if result.ok:
        state_path.write_text(json.dumps(state, indent=1, sort_keys=True))
    return BuildResult(result, waves, state)
