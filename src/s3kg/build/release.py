"""Writing a build's output deterministically and publishing it atomically.

A build is staged in ``var/releases/.staging-*`` (canonical N-Quads, the Oxigraph store, a
JSON report), renamed to ``var/releases/<build-id>`` and only then made current by replacing
the ``var/current`` symlink with ``os.replace`` — atomic on POSIX, so a reader (the server)
sees either the old or the new release, and a failed or killed build leaves the last good one.
The build id is a digest of the N-Quads, so identical inputs give identical ids and
byte-identical graph files; ``build.json`` also records timings, so it differs per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from s3kg.config import GRAPH_FILE, REPORT_FILE, STORE_DIR, Release
from s3kg.errors import BuildError

KEEP_RELEASES = 3


def publish(nquads: bytes, report: dict[str, Any], var_dir: Path) -> Release:
    """Stage, load and atomically switch ``var/current`` to a release of ``nquads``."""
    build_id = hashlib.sha256(nquads).hexdigest()[:16]
    releases = var_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    final = releases / build_id
    report = {**report, "build_id": build_id}
    if final.exists():
        # Same graph as an earlier build: keep its store, refresh the report (the shapes or
        # settings that produced the validation summary may have changed).
        _write_report(final, report)
    else:
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=releases))
        try:
            _stage(staging, nquads, report)
            os.replace(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _switch_current(var_dir / "current", final)
    _prune(releases, keep={final.name})
    return Release(build_id, final)


def _stage(staging: Path, nquads: bytes, report: dict[str, Any]) -> None:
    (staging / GRAPH_FILE).write_bytes(nquads)
    store = ox.Store(str(staging / STORE_DIR))
    store.bulk_load(path=str(staging / GRAPH_FILE), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store
    _write_report(staging, report)


def _write_report(folder: Path, report: dict[str, Any]) -> None:
    tmp = folder / f".{REPORT_FILE}.{os.getpid()}"
    tmp.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, folder / REPORT_FILE)


def _switch_current(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        raise BuildError(f"{link} exists and is not a symlink; move it away and rebuild")
    tmp = link.with_name(f".{link.name}.{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(Path("releases") / target.name, tmp)
    os.replace(tmp, link)


def _prune(releases: Path, keep: set[str]) -> None:
    """Keep the newest few releases (a running server may still read an older one)."""
    done = sorted(
        (p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in done[KEEP_RELEASES:]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in releases.glob(".staging-*"):
        if stale.is_dir() and stale.stat().st_mtime < _now() - 3600:
            shutil.rmtree(stale, ignore_errors=True)


def _now() -> float:
    import time

    return time.time()
