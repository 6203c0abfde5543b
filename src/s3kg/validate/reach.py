"""The triples SHACL Core constraints read from given focus nodes, fetched from a store.

Validating a focus node against a shape reads the graph only along the shape's structure:
the values of its path, the types of those values (``sh:class``), the values of the
properties it compares with (``sh:equals``, ``sh:disjoint``, ``sh:lessThan*``), every
outgoing triple where it is ``sh:closed``, and the same again for the shapes it nests
(``sh:node``, ``sh:property``, ``sh:and``/``or``/``xone``/``not``, qualified value shapes).
The subclass triples are read whole (``sh:class`` follows ``rdfs:subClassOf*``). SPARQL-based
constraints are not followed: they run on the store itself (``s3kg.validate.engine``).

Every constraint is monotone in what it reads and the subgraph holds all of it, so pySHACL
validating those focus nodes on the subgraph reports what it reports on the whole graph
(checked on the W3C SHACL suite with one focus node per batch, tests/w3c).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from s3kg.vocab.rdf import to_oxigraph

Path = tuple[Any, ...]  # ("p", predicate) | ("inv", path) | ("seq"/"alt", paths) | ...
_TYPE = ox.NamedNode(str(RDF.type))
_NESTING = (SH.node, SH.property, SH["not"], SH.qualifiedValueShape)
_LISTS = (SH["and"], SH["or"], SH.xone)
_COMPARED = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
# pySHACL stops with an error below 15 levels of nested shapes (its max_validation_depth)
MAX_DEPTH = 16
_STEPS = {SH.inversePath: "inv", SH.alternativePath: "alt", SH.zeroOrMorePath: "star",
          SH.oneOrMorePath: "plus", SH.zeroOrOnePath: "opt"}  # fmt: skip


@dataclass
class _Shape:
    path: Path | None
    compared: list[ox.NamedNode]
    closed: bool
    typed: bool  # sh:class: the value nodes' types are read
    nested: list[Any] = field(default_factory=list)  # shape nodes, applied to the value nodes


class Reach:
    """What validating focus nodes against shapes reads, gathered from an Oxigraph store."""

    def __init__(self, shapes: Graph, store: ox.Store) -> None:
        self.shapes = shapes
        self.store = store
        self._specs: dict[Any, _Shape] = {}
        self._seen: dict[Any, set[Any]] = {}
        self._typed: set[Any] = set()
        self.triples: set[ox.Triple] = set()

    def add(self, shape: Any, nodes: Iterable[Any]) -> None:
        """Gather what validating ``nodes`` (Oxigraph terms) against ``shape`` reads: nested
        shapes breadth first, no deeper than pySHACL validates (``MAX_DEPTH``), so that a
        recursive shape does not take in a whole chain of nodes."""
        todo = deque([(shape, set(nodes), 0)])
        while todo:
            current, found, depth = todo.popleft()
            seen = self._seen.setdefault(current, set())
            new = found - seen
            if not new or depth > MAX_DEPTH:
                continue
            seen |= new
            values = self._read(self._spec(current), new)
            todo.extend((nested, values, depth + 1) for nested in self._spec(current).nested)

    def _read(self, spec: _Shape, nodes: set[Any]) -> set[Any]:
        """Gather what one shape's own constraints read at ``nodes``; its value nodes."""
        values = self._walk(spec.path, nodes, True) if spec.path else nodes
        if spec.typed:
            self._types(values)
        for predicate in spec.compared:
            self._walk(("p", predicate), nodes, True)
        if spec.closed:
            for node in values:
                self._record(self._quads(node, None, None))
        return values

    # ------------------------------------------------------------------- the graph
    def _quads(self, subject: Any, predicate: Any, obj: Any) -> Iterator[ox.Quad]:
        if isinstance(subject, ox.Literal):
            return iter(())
        return iter(self.store.quads_for_pattern(subject, predicate, obj, None))

    def _record(self, quads: Iterable[ox.Quad]) -> None:
        self.triples.update(q.triple for q in quads)  # .triple: a sixth of the attributes' cost

    def _types(self, nodes: Iterable[Any]) -> None:
        for node in set(nodes) - self._typed:
            self._record(self._quads(node, _TYPE, None))
        self._typed.update(nodes)

    def _walk(self, path: Path, nodes: set[Any], forward: bool) -> set[Any]:
        """The nodes ``path`` leads to from ``nodes`` (backwards if not ``forward``)."""
        kind = path[0]
        if kind == "p":
            return self._step(path[1], nodes, forward)
        if kind == "inv":
            return self._walk(path[1], nodes, not forward)
        if kind == "seq":
            for part in path[1] if forward else reversed(path[1]):
                nodes = self._walk(part, nodes, forward)
            return nodes
        if kind == "alt":
            return set().union(*(self._walk(part, nodes, forward) for part in path[1]))
        if kind == "opt":
            return nodes | self._walk(path[1], nodes, forward)
        reached = set(nodes) if kind == "star" else set()
        frontier = nodes
        while frontier:
            frontier = self._walk(path[1], frontier, forward) - reached
            reached |= frontier
        return reached

    def _step(self, predicate: Any, nodes: set[Any], forward: bool) -> set[Any]:
        found: set[Any] = set()
        record = self.triples.add
        for node in nodes:
            if forward:
                for quad in self._quads(node, predicate, None):
                    triple = quad.triple
                    record(triple)
                    found.add(triple[2])
            else:
                for quad in self.store.quads_for_pattern(None, predicate, node, None):
                    triple = quad.triple
                    record(triple)
                    found.add(triple[0])
        return found

    # ------------------------------------------------------------------ the shapes
    def _spec(self, shape: Any) -> _Shape:
        spec = self._specs.get(shape)
        if spec is None:
            spec = self._specs[shape] = self._parse(shape)
        return spec

    def _parse(self, shape: Any) -> _Shape:
        graph = self.shapes
        path = graph.value(shape, SH.path)
        spec = _Shape(
            path=_path(graph, path) if path is not None else None,
            compared=[to_oxigraph(p) for c in _COMPARED for p in graph.objects(shape, c)],
            closed=(shape, SH.closed, None) in graph,  # whatever its value: more is harmless
            typed=(shape, SH["class"], None) in graph,
        )
        spec.nested = [n for k in _NESTING for n in graph.objects(shape, k)]
        spec.nested += [n for k in _LISTS for m in graph.objects(shape, k)
                        for n in _items(graph, m)]  # fmt: skip
        if (shape, SH.qualifiedValueShapesDisjoint, None) in graph:  # siblings' shapes too
            for parent in graph.subjects(SH.property, shape):
                for sibling in graph.objects(parent, SH.property):
                    spec.nested += list(graph.objects(sibling, SH.qualifiedValueShape))
        return spec


def _items(graph: Graph, node: Any) -> list[Any]:
    return list(Collection(graph, node))


def _path(graph: Graph, node: Any) -> Path:
    """A SHACL property path as nested tuples of Oxigraph predicates."""
    if isinstance(node, URIRef):
        return ("p", to_oxigraph(node))
    if (node, RDF.first, None) in graph:  # a list is a sequence, whatever else it says
        return ("seq", [_path(graph, p) for p in _items(graph, node)])
    for predicate, kind in _STEPS.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            if kind == "alt":
                return ("alt", [_path(graph, p) for p in _items(graph, inner)])
            return (kind, _path(graph, inner))
    return ("seq", [_path(graph, p) for p in _items(graph, node)])


def subclass_triples(store: ox.Store) -> list[ox.Triple]:
    """Every ``rdfs:subClassOf`` triple of the store (``sh:class`` and class targets use them)."""
    quads = store.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)), None, None)
    return sorted({q.triple for q in quads}, key=str)
