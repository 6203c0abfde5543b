"""Bulk loading on several threads gives the store a single load gives, blank nodes joined."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from s3kg.build.release import Release
from s3kg.vocab import bulk
from s3kg.vocab.bulk import bulk_load_nquads, split_nquads


def _load(source: Path, jobs: int, scratch: Path) -> ox.Store:
    store = ox.Store()
    bulk_load_nquads(store, source, jobs=jobs, scratch=scratch)
    return store


def _named(store: ox.Store) -> set[str]:
    return {str(quad) for quad in store if not _has_blank(quad)}


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _blank_graphs(store: ox.Store) -> dict[str, Graph]:
    graphs: dict[str, Graph] = defaultdict(Graph)
    for quad in store:
        if _has_blank(quad):
            triple = ox.serialize([ox.Triple(quad.subject, quad.predicate, quad.object)],
                                  format=ox.RdfFormat.N_TRIPLES)  # fmt: skip
            graphs[str(quad.graph_name)].parse(data=triple, format="nt")
    return graphs


def test_the_parts_hold_every_line_once_and_the_blank_nodes_together(
    built_release: Release, tmp_path: Path
) -> None:
    source = built_release.graph_file
    parts = split_nquads(source, tmp_path, 3)
    lines = {part.name: part.read_bytes().splitlines() for part in parts}
    assert Counter(line for held in lines.values() for line in held) == Counter(
        source.read_bytes().splitlines())
    blank = lines.pop("blank.nq")
    assert blank and all(b"_:" in line for line in blank)
    assert len(lines) == 3
    assert all(held and not any(b" _:" in line or line.startswith(b"_:") for line in held)
               for held in lines.values())  # fmt: skip


def test_two_threads_load_the_same_graph_as_one(built_release: Release, tmp_path: Path) -> None:
    one = _load(built_release.graph_file, 1, tmp_path)
    two = _load(built_release.graph_file, 2, tmp_path)
    assert len(two) == len(one)
    assert _named(two) == _named(one)
    ones, twos = _blank_graphs(one), _blank_graphs(two)
    assert ones and ones.keys() == twos.keys()
    assert all(isomorphic(ones[graph], twos[graph]) for graph in ones)
    assert not list(tmp_path.iterdir()), "the parts are removed"


def test_a_blank_node_on_the_last_line_without_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "_SMALLEST_SPLIT", 0)
    source = tmp_path / "small.nq"
    source.write_bytes(b"".join(
        b"<https://example.org/s%d> <https://example.org/p> _:b <https://example.org/g> .\n" % i
        for i in range(20)) + b"_:b <https://example.org/p> \"end\" <https://example.org/g> .")
    store = _load(source, 2, tmp_path)
    assert len(store) == 21
    assert len({quad.object for quad in store if isinstance(quad.object, ox.BlankNode)}) == 1


def test_bad_n_quads_in_any_part_are_refused(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_SMALLEST_SPLIT", 0)
    source = tmp_path / "bad.nq"
    good = b"<https://example.org/s> <https://example.org/p> \"o\" .\n"
    source.write_bytes(good * 50 + b"<https://example.org/s> not a quad .\n")
    with pytest.raises(SyntaxError):
        _load(source, 2, tmp_path)
