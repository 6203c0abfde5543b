"""Writing a build's output deterministically and publishing it atomically.

A build is staged in ``var/releases/.staging-*`` (canonical N-Quads, the Oxigraph store, the
label index the search box reads, a JSON report), renamed to ``var/releases/<build-id>`` and
only then made current by replacing the ``var/current`` symlink with ``os.replace`` — atomic
on POSIX, so a reader (the server) sees either the old or the new release, and a failed or
killed build leaves the last good one.
The build id is a digest of the N-Quads, so identical inputs give identical ids and
byte-identical graph files; ``build.json`` also records timings, so it differs per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from s3kg.build.storeload import Contents, load_store
from s3kg.config import GRAPH_FILE, REPORT_FILE, SEARCH_FILE, STORE_DIR, Release
from s3kg.errors import BuildError
from s3kg.search.index import index_quads, write_index

KEEP_RELEASES = 3
_LOAD_NOTE = ".store-load"  # how the staged store was made (full or delta)


@dataclass(frozen=True)
class Staged:
    """A release written and loaded but not yet current (``folder`` is its staging folder)."""

    build_id: str
    folder: Path
    existing: bool  # an earlier build made the same graph: its release is reused


def publish(
    nquads: bytes, report: dict[str, Any], var_dir: Path, store_cache: Path | None = None
) -> Release:
    """Stage, load and atomically switch ``var/current`` to a release of ``nquads``."""
    staged = stage(nquads, var_dir, store_cache)
    return commit(staged, report, var_dir)


def stage(
    nquads: bytes, var_dir: Path, store_cache: Path | None = None,
    contents: Contents | None = None, jobs: int = 1,
) -> Staged:  # fmt: skip
    """Write the graph file and load the store in a staging folder.

    With ``store_cache`` and the graph's ``contents``, the store is made from the previous
    build's by applying the difference (``s3kg.build.storeload``); otherwise it is loaded on
    ``jobs`` threads.
    """
    build_id = hashlib.sha256(nquads).hexdigest()[:16]
    releases = var_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    final = releases / build_id
    if final.exists():
        if not (final / SEARCH_FILE).is_file():  # a release from before the search index
            write_index(final / SEARCH_FILE, index_quads(nquads))
        return Staged(build_id, final, existing=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=releases))
    try:
        (staging / GRAPH_FILE).write_bytes(nquads)
        how = load_store(staging / STORE_DIR, staging / GRAPH_FILE, build_id, store_cache, releases,
                         contents, jobs)
        (staging / _LOAD_NOTE).write_text(how, encoding="utf-8")
        # Built with the graph, so the first search after a build costs no more than later ones.
        write_index(staging / SEARCH_FILE, index_quads(nquads))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Staged(build_id, staging, existing=False)


def commit(staged: Staged, report: dict[str, Any], var_dir: Path) -> Release:
    """Make a staged release current; ``report`` becomes its ``build.json``."""
    final = var_dir / "releases" / staged.build_id
    report = {**report, "build_id": staged.build_id}
    note = staged.folder / _LOAD_NOTE
    if note.is_file():
        report["store_load"] = note.read_text(encoding="utf-8")
        note.unlink()
    # For a reused release, the report is refreshed: the shapes or settings that produced
    # the validation summary may have changed.
    _write_report(staged.folder, report)
    if not staged.existing:
        try:
            os.replace(staged.folder, final)
        except BaseException:
            discard(staged)
            raise
    _switch_current(var_dir / "current", final)
    _prune(var_dir / "releases", keep={final.name})
    return Release(staged.build_id, final)


def discard(staged: Staged) -> None:
    """Drop a staged release that will not be published (a reused one is left alone)."""
    if not staged.existing:
        shutil.rmtree(staged.folder, ignore_errors=True)


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
