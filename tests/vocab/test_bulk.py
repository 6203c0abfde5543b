"""Bulk loading on several threads gives the store a single load gives, blank nodes joined.

Blank nodes are compared by count and masked quads, not by rdflib's isomorphism test, which
took minutes on the ontology's many same-shaped restrictions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

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


def _blank_shape(store: ox.Store) -> tuple[int, Counter[tuple[str, ...]]]:
    """The number of distinct blank nodes, and the blank-node quads with each blank node
    masked: a blank node split between two loads would count twice."""
    blanks = {term for quad in store for term in (quad.subject, quad.object)
              if isinstance(term, ox.BlankNode)}  # fmt: skip
    masked = Counter(
        tuple("_" if isinstance(term, ox.BlankNode) else str(term) for term in quad)
        for quad in store if _has_blank(quad))  # fmt: skip
    return len(blanks), masked


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
    blanks, masked = _blank_shape(one)
    assert blanks and masked
    assert _blank_shape(two) == (blanks, masked)
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
