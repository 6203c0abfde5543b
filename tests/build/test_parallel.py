"""Fragments made in forked children: the same bytes as made here, errors kept."""

from __future__ import annotations

import os

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from s3kg.build.parallel import Fill, make_all
from s3kg.errors import BuildError

NAME = URIRef("https://example.org/graph")


def _labelled(*labels: str) -> Fill:
    def fill(graph: Graph) -> None:
        for number, label in enumerate(labels):
            graph.add((URIRef(f"https://example.org/{number}"), RDFS.label, Literal(label)))

    return fill


def test_children_make_the_bytes_this_process_makes_in_the_same_order() -> None:
    fills = [_labelled(f"document {n}", "shared") for n in range(7)]
    here = make_all(NAME, fills, workers=1)
    done: list[int] = []
    forked = make_all(NAME, fills, workers=2, report=done.append)
    assert [nquads for nquads, _ in forked] == [nquads for nquads, _ in here]
    assert all(graph is not None for _, graph in here)
    assert all(graph is None for _, graph in forked)  # only the bytes cross back
    assert done == list(range(1, 8))


def test_an_error_in_a_child_reaches_the_build_as_itself() -> None:
    def broken(graph: Graph) -> None:
        raise BuildError("document 2 could not be read")

    with pytest.raises(BuildError, match="document 2 could not be read"):
        make_all(NAME, [_labelled("fine"), broken, _labelled("fine too")], workers=2)


def test_a_child_that_dies_stops_the_build_with_an_error_not_a_hang() -> None:
    def dies(graph: Graph) -> None:
        os._exit(9)  # as if the kernel killed it for memory

    with pytest.raises(BuildError, match="stopped unexpectedly"):
        make_all(NAME, [_labelled("fine"), dies, _labelled("fine too")], workers=2)
