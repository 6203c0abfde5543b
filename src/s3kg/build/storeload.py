"""Loading a release's store: in full, or as the difference from the previous build.

A release's store is served, and SPARQL Update (with the token) may write into it, so a build
never starts from a served store. Builds keep a store of their own in ``var/cache/store`` with a
note (``store.build``) naming the build whose graph it holds, and beside it what that graph
was made of: its own lines (``store.core``, the graph less the document fragments) and the
keys of its fragments (``store.fragments``). When these are all there, the build applies the
difference to the cache store and copies it into the release as a RocksDB checkpoint, which
hard-links the immutable files instead of copying them. The difference comes from the parts
that changed, never from comparing two whole graph files: the core lines are compared, and
the fragments that came or went are added or removed whole; a removed line that the new
graph still holds (two fragments may share one) stays. Otherwise the build loads the N-Quads
in full and seeds the cache store from the result. The note is removed while the cache store
changes, so a killed build never leaves a note that disagrees with the store.
"""

from __future__ import annotations

import bisect
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from s3kg.config import GRAPH_FILE
from s3kg.vocab.bulk import bulk_load_nquads, has_blank
from s3kg.vocab.rdf import line_difference

_NOTE = "store.build"
_CORE = "store.core"
_FRAGMENTS = "store.fragments"


@dataclass(frozen=True)
class Contents:
    """What a build's graph is made of (``lines`` is all of it, sorted and distinct)."""

    lines: list[bytes]
    core: list[bytes]  # the lines that are not the fragments', sorted and distinct
    fragments: Mapping[str, bytes]  # key -> canonical N-Quads of each document fragment
    read_fragment: Callable[[str], bytes | None]  # an earlier build's fragment, by key


def load_store(
    target: Path, graph_file: Path, build_id: str, cache: Path | None, releases: Path,
    contents: Contents | None = None, jobs: int = 1,
) -> str:  # fmt: skip
    """Create the store at ``target`` from ``graph_file``; returns ``"delta"`` or ``"full"``.

    A full load reads the file on ``jobs`` threads.
    """
    if cache is not None and contents is not None and _previous_build(cache, releases):
        try:
            _apply_delta(cache, contents, target)
            _write_note(cache, build_id, contents)
            return "delta"
        except OSError:
            # A store another build holds open, a damaged one, or an earlier build's
            # fragment no longer cached: load in full instead.
            shutil.rmtree(target, ignore_errors=True)
    _load_full(target, graph_file, jobs)
    if cache is not None and _seed(cache, target) and contents is not None:
        _write_note(cache, build_id, contents)
    return "full"


def _previous_build(cache: Path, releases: Path) -> bool:
    """The cache store holds a published build (not one whose validation failed)."""
    if not all((cache / name).is_file() for name in (_NOTE, _CORE, _FRAGMENTS)):
        return False
    build = (cache / _NOTE).read_text(encoding="utf-8").strip()
    return (cache / "store").is_dir() and (releases / build / GRAPH_FILE).is_file()


def _apply_delta(cache: Path, contents: Contents, target: Path) -> None:
    gone, added = _difference(cache, contents)
    if has_blank(gone) or has_blank(added):
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


def _difference(cache: Path, contents: Contents) -> tuple[bytes, bytes]:
    """The lines to remove from the previous build's store, and the lines to add."""
    old_core = (cache / _CORE).read_bytes().splitlines()
    old_keys = set((cache / _FRAGMENTS).read_text(encoding="utf-8").split())
    core_gone, core_added = line_difference(old_core, contents.core)
    gone = [*core_gone]
    for key in sorted(old_keys - contents.fragments.keys()):
        fragment = contents.read_fragment(key)
        if fragment is None:
            raise OSError(f"fragment {key} of the previous build is no longer cached")
        gone += fragment.splitlines()
    added = [*core_added]
    for key in sorted(contents.fragments.keys() - old_keys):
        added += contents.fragments[key].splitlines()
    kept = [line for line in gone if line and not _holds(contents.lines, line)]
    return b"\n".join(kept), b"\n".join(added)


def _holds(lines: list[bytes], line: bytes) -> bool:
    at = bisect.bisect_left(lines, line)
    return at < len(lines) and lines[at] == line


def _load_full(target: Path, graph_file: Path, jobs: int) -> None:
    store = ox.Store(str(target))
    bulk_load_nquads(store, graph_file, jobs=jobs, scratch=target.parent)
    # No optimize(): after a bulk load it changed neither the store's size nor the time of
    # the competency queries at 10^6 quads, and took 2-3 s (docs/benchmarks.md).
    store.flush()
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


def _write_note(cache: Path, build_id: str, contents: Contents) -> None:
    """What the cache store now holds; the note last, as it vouches for the other two. The
    build id is also the release folder's name (see ``release.publish``)."""
    (cache / _CORE).write_bytes(b"\n".join(contents.core) + b"\n")
    (cache / _FRAGMENTS).write_text("".join(f"{key}\n" for key in sorted(contents.fragments)),
                                    encoding="utf-8")  # fmt: skip
    (cache / _NOTE).write_text(build_id + "\n", encoding="utf-8")
