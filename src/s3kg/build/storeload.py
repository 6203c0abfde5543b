"""Loading a release's store: in full, or as the difference from the previous build.

A release's store is served, and SPARQL Update (with the token) may write into it, so a build
never starts from a served store. Builds keep a store of their own in ``var/cache/store`` with a
note (``store.build``) naming the build whose canonical N-Quads it holds. When the note and that
build's graph file are both there, the build applies the difference (quads gone, quads new) to
the cache store and copies it into the release as a RocksDB checkpoint, which hard-links the
immutable files instead of copying them. Otherwise it loads the N-Quads in full and seeds the
cache store from the result. The note is removed while the cache store changes, so a killed
build never leaves a note that disagrees with the store.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox

from s3kg.config import GRAPH_FILE
from s3kg.vocab.rdf import line_difference

_NOTE = "store.build"
_BLANK = re.compile(rb"(?:^|\s)_:", re.MULTILINE)


def load_store(
    target: Path, graph_file: Path, build_id: str, cache: Path | None, releases: Path
) -> str:
    """Create the store at ``target`` from ``graph_file``; returns ``"delta"`` or ``"full"``."""
    if cache is not None:
        previous = _previous_graph(cache, releases)
        if previous is not None:
            try:
                _apply_delta(cache, previous, graph_file, target)
                _write_note(cache, build_id)
                return "delta"
            except OSError:
                # A store another build holds open, or a damaged one: load in full instead.
                shutil.rmtree(target, ignore_errors=True)
    _load_full(target, graph_file)
    if cache is not None and _seed(cache, target):
        _write_note(cache, build_id)
    return "full"


def _previous_graph(cache: Path, releases: Path) -> Path | None:
    note = cache / _NOTE
    if not note.is_file() or not (cache / "store").is_dir():
        return None
    graph = releases / note.read_text(encoding="utf-8").strip() / GRAPH_FILE
    return graph if graph.is_file() else None


def _apply_delta(cache: Path, previous: Path, graph_file: Path, target: Path) -> None:
    old, new = line_difference(previous.read_bytes().splitlines(),
                               graph_file.read_bytes().splitlines())
    gone, added = b"\n".join(old), b"\n".join(new)
    if _BLANK.search(gone) or _BLANK.search(added):
        # A store names blank nodes afresh when it loads them, so a quad with a blank node
        # cannot be found again by its label in the file: such changes need a full load.
        raise OSError("blank nodes changed")
    (cache / _NOTE).unlink()
    store = ox.Store(str(cache / "store"))
    for quad in ox.parse(gone, format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    store.extend(ox.parse(added, format=ox.RdfFormat.N_QUADS))
    store.flush()
    store.backup(str(target))
    del store


def _load_full(target: Path, graph_file: Path) -> None:
    store = ox.Store(str(target))
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store


def _seed(cache: Path, release_store: Path) -> bool:
    """Make the cache store a checkpoint of the store just loaded."""
    (cache / _NOTE).unlink(missing_ok=True)
    shutil.rmtree(cache / "store", ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    try:
        store = ox.Store.read_only(str(release_store))
        store.backup(str(cache / "store"))
        del store
    except OSError:
        shutil.rmtree(cache / "store", ignore_errors=True)
        return False
    return True


def _write_note(cache: Path, build_id: str) -> None:
    """The build id is also the release folder's name (see ``release.publish``)."""
    (cache / _NOTE).write_text(build_id + "\n", encoding="utf-8")
