"""What a wave was landed from, kept in the landing's manifest (_intake.json): the intake's version and
hashes of the wave's raw files and of its codebook. A wave whose signature matches the manifest's is not
landed again (nor rebuilt)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from aibarometer import codebook
from aibarometer.layout import RESPONSE_SUFFIXES
from aibarometer.paths import SEEDS

# Bumped when the landing's layout changes: every wave is landed again once.
INTAKE_VERSION = 3
MANIFEST = "_intake.json"


def content_hash(folder: Path) -> dict[str, str]:
    """Each raw file's SHA-256 (CSV, SPSS, Stata): a wave is landed again when any of its files' content
    changes."""
    hashes = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix in RESPONSE_SUFFIXES):
        try:
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # read_file names it; an unreadable file never matches a landed one
            hashes[path.name] = "unreadable"
    return hashes


def codebook_hash(raw_root: Path, wave: int, waves: list[int], seeds: Path) -> str:
    """A hash of what defines the codebook as of wave (wave_items): the baseline codebook seed and the
    codebook changes of this wave and every earlier one. Part of a wave's signature, so that inserting or
    editing an earlier wave's changes lands and checks this wave again, as a build from scratch would."""
    digest = hashlib.sha256((seeds / "questionnaire" / "codebook_items.csv").read_bytes())
    for earlier, path in codebook.change_files(raw_root, wave, waves):
        digest.update(f"{earlier}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def wave_signature(raw_root: Path, wave: int, waves: list[int], seeds: Path = SEEDS) -> dict[str, str]:
    """What a wave was landed from: the intake's version, a hash per raw file and of the codebook as of the
    wave. A wave whose signature matches the landed one is not landed again (nor rebuilt)."""
    return {"intake_version": INTAKE_VERSION, **content_hash(raw_root / f"wave={wave}"),
            "codebook_as_of_wave": codebook_hash(raw_root, wave, waves, seeds)}


def read_manifest(landing: Path, full_refresh: bool) -> dict:
    """What every wave in landing was landed from (its signature, rejected rows, log and accounting), by
    wave; nothing on a full refresh or a first intake."""
    path = landing / MANIFEST
    return {} if full_refresh or not path.exists() else json.loads(path.read_text())


def write_manifest(landing: Path, manifest: dict) -> None:
    landing.mkdir(parents=True, exist_ok=True)
    (landing / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
