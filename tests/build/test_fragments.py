"""Incremental builds: cached document fragments, a store made from the difference, and
validation beside the store load give the very graph a build from nothing gives."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from tests.build.conftest import TINY_CORPUS

from s3kg.build.fragments import FragmentCache
from s3kg.build.pipeline import build_graph
from s3kg.config import Release, Settings
from s3kg.corpus.adding import add_paths

EXTRA = Path(__file__).resolve().parents[3] / "shared" / "corpus-extra"
NAME = URIRef("https://example.org/graph")


def _settings(root: Path) -> Settings:
    return replace(Settings(), corpus_dir=TINY_CORPUS, curated_dir=TINY_CORPUS / "curated",
                   var_dir=root / "var", library_dir=root / "library")  # fmt: skip


def _add(settings: Settings, tmp: Path, *names: str) -> None:
    inbox = tmp / "inbox"
    inbox.mkdir(exist_ok=True)
    paths = []
    for name in names:
        (inbox / name).write_bytes((EXTRA / name).read_bytes())
        paths.append(inbox / name)
    add_paths(settings.library_dir, paths, reserved=set())


def _report(release: Release) -> dict[str, Any]:
    return json.loads(release.report_file.read_text(encoding="utf-8"))


def _quads(release: Release) -> tuple[set[str], int]:
    """The store's quads without blank nodes, and how many have one (a store names them)."""
    quads = list(ox.Store.read_only(str(release.store_dir)))
    named = {str(q) for q in quads if not _blank(q)}
    return named, len(quads) - len(named)


def _blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Release, Release, Release]:
    """A build, then one more library document and a rebuild (documents read on two
    cores); and a build from nothing on one."""
    root = tmp_path_factory.mktemp("incremental")
    settings = replace(_settings(root), build_jobs=2)
    _add(settings, root, "101_silicon-valley.txt")
    first = build_graph(settings, reason=False)
    _add(settings, root, "106_uk-dit-england-regions.txt")
    again = build_graph(settings, reason=False)
    fresh = build_graph(replace(settings, var_dir=root / "fresh", build_jobs=1), reason=False,
                        use_cache=False)  # fmt: skip
    return first, again, fresh


def test_a_rebuild_from_the_cache_gives_the_same_bytes_as_a_build_from_nothing(
    rebuilt: tuple[Release, Release, Release],
) -> None:
    first, again, fresh = rebuilt
    assert again.build_id != first.build_id
    assert again.graph_file.read_bytes() == fresh.graph_file.read_bytes()
    assert _report(again)["graphs"] == _report(fresh)["graphs"]


def test_the_store_made_from_the_difference_holds_the_graph_file(
    rebuilt: tuple[Release, Release, Release],
) -> None:
    _, again, fresh = rebuilt
    assert _report(again)["store_load"] == "delta"
    assert _report(fresh)["store_load"] == "full"
    assert _quads(again) == _quads(fresh)


def test_only_the_new_document_is_validated_again(
    rebuilt: tuple[Release, Release, Release],
) -> None:
    first, again, fresh = rebuilt
    documents = len(_report(first)["documents"])
    assert _report(first)["validation"]["cached_fragments"] == 0
    assert _report(again)["validation"]["cached_fragments"] == documents
    assert _report(fresh)["validation"]["cached_fragments"] == 0


def test_a_killed_delta_load_falls_back_to_a_full_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path)
    build_graph(settings, reason=False)
    _add(settings, tmp_path, "101_silicon-valley.txt")

    def broken(*_: object) -> None:
        raise OSError("store in use (simulated)")

    monkeypatch.setattr("s3kg.build.storeload._apply_delta", broken)
    release = build_graph(settings, reason=False)
    assert _report(release)["store_load"] == "full"
    monkeypatch.undo()
    fresh = build_graph(replace(settings, var_dir=tmp_path / "fresh"), use_cache=False,
                        reason=False)  # fmt: skip
    assert _quads(release) == _quads(fresh)


def _fill(label: str) -> Callable[[Graph], None]:
    def fill(graph: Graph) -> None:
        graph.add((URIRef("https://example.org/a"), RDFS.label, Literal(label)))

    return fill


def test_fragments_are_keyed_by_their_inputs_and_the_code(tmp_path: Path) -> None:
    cache = FragmentCache(tmp_path, salt="code-1", validation_salt="shapes-1")
    made = cache.make("parts", NAME, ("001", "hash-a"), _fill("one"))
    assert made.graph is not None and not made.validated
    again = cache.make("parts", NAME, ("001", "hash-a"), _fill("not called"))
    assert again.graph is None and again.nquads == made.nquads
    changed = cache.make("parts", NAME, ("001", "hash-b"), _fill("two"))
    assert changed.nquads != made.nquads
    new_code = FragmentCache(tmp_path, salt="code-2", validation_salt="shapes-1")
    assert new_code.make("parts", NAME, ("001", "hash-a"), _fill("three")).graph is not None


def test_a_fragment_is_validated_once_per_shapes(tmp_path: Path) -> None:
    cache = FragmentCache(tmp_path, salt="code", validation_salt="shapes-1")
    made = cache.make("parts", NAME, ("001",), _fill("one"))
    cache.mark_validated([made])
    assert cache.make("parts", NAME, ("001",), _fill("x")).validated
    other = FragmentCache(tmp_path, salt="code", validation_salt="shapes-2")
    assert not other.make("parts", NAME, ("001",), _fill("x")).validated


def test_pruning_forgets_what_the_build_did_not_use(tmp_path: Path) -> None:
    old = FragmentCache(tmp_path, salt="code")
    old.mark_validated([old.make("parts", NAME, ("gone",), _fill("one"))])
    kept = FragmentCache(tmp_path, salt="code")
    kept.make("parts", NAME, ("kept",), _fill("two"))
    kept.prune()
    assert len(list(tmp_path.iterdir())) == 1


def test_fragments_made_side_by_side_come_back_in_order_beside_cached_ones(
    tmp_path: Path,
) -> None:
    cache = FragmentCache(tmp_path, salt="code", workers=2)
    cache.make("parts", NAME, ("b",), _fill("b"))
    seen: list[tuple[int, int]] = []
    jobs = [(("a",), _fill("a")), (("b",), _fill("not called")), (("c",), _fill("c"))]
    made = cache.make_all("parts", NAME, jobs, lambda done, total: seen.append((done, total)))
    labels = [f.nquads.split(b'"')[1] for f in made]
    assert labels == [b"a", b"b", b"c"]
    assert seen == [(1, 2), (2, 2)]
    alone = FragmentCache(tmp_path / "alone", salt="code", workers=1)
    one_by_one = alone.make_all("parts", NAME, jobs)
    assert [one_by_one[i].nquads for i in (0, 2)] == [made[i].nquads for i in (0, 2)]
