"""The focus nodes of every shape, found on an Oxigraph store as pySHACL finds them on a graph.

Which nodes of the shapes graph are shapes, and what each one targets, is read with
pySHACL's own ``ShapesGraph``: its idea of a shape, and its implicit class targets (a shape
that is also an ``rdfs:Class``, or an ``owl:Class``, which pySHACL makes a subclass of it),
are then the same in both ways of validating. The targets' nodes are found on the store:
instances through ``rdf:type/rdfs:subClassOf*``, subjects and objects of a predicate (objects
as the files wrote them), and the nodes named by ``sh:targetNode``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from s3kg.errors import InputError
from s3kg.validate.ondisk import LoadedStore
from s3kg.vocab.rdf import to_oxigraph, to_rdflib

Targets = dict[Any, list[tuple[Any, Any]]]  # shape -> [(sh:targetClass etc., value)]
Batch = list[tuple[Any, list[Any]]]  # (shape, focus nodes as Oxigraph terms)
KINDS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_TYPE, _SUBCLASS = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.subClassOf))


def shape_targets(shapes: Graph) -> tuple[Targets, Graph]:
    """Each shape with targets -> its target declarations; and the shapes without them (their
    implicit class types too), for a batch to add its own ``sh:targetNode``s to."""
    from pyshacl.errors import ReportableRuntimeError
    from pyshacl.shapes_graph import ShapesGraph

    copy = Graph()
    copy += shapes
    graph = ShapesGraph(copy)  # adds pySHACL's own triples (owl:Class a subclass of rdfs:Class)
    found: Targets = {}
    try:
        for shape in graph.shapes:
            nodes, classes, implicit, objects_of, subjects_of = shape.target()
            declared = [*((SH.targetNode, n) for n in nodes),
                        *((SH.targetClass, c) for c in [*classes, *implicit]),
                        *((SH.targetObjectsOf, p) for p in objects_of),
                        *((SH.targetSubjectsOf, p) for p in subjects_of)]  # fmt: skip
            if declared:
                found[shape.node] = declared
    except ReportableRuntimeError as err:
        raise InputError(f"the shapes cannot be used: {' '.join(str(err).split())}") from err
    return found, _without_targets(copy, found)


def _without_targets(copy: Graph, targets: Targets) -> Graph:
    classes = {RDFS.Class, *copy.subjects(RDFS.subClassOf, RDFS.Class)}
    for shape in targets:
        for kind in KINDS:
            copy.remove((shape, kind, None))
        for cls in classes:
            copy.remove((shape, RDF.type, cls))
    return copy


@dataclass
class FocusNodes:
    """Every focus node (an Oxigraph term) in a fixed order, and the shapes that target it as
    a bit mask over ``shapes`` (one int object per combination of shapes, where a list of
    shapes was one object per node)."""

    shapes: list[Any]
    nodes: list[Any]
    masks: list[int]

    def batch(self, start: int, size: int) -> Batch:
        """The nodes ``start`` to ``start + size`` grouped by shape: (shape, nodes)."""
        by_shape: dict[Any, list[Any]] = defaultdict(list)
        chosen = slice(start, start + size)
        for node, mask in zip(self.nodes[chosen], self.masks[chosen], strict=True):
            for index, shape in enumerate(self.shapes):
                if mask >> index & 1:
                    by_shape[shape].append(node)
        return list(by_shape.items())


def focus_nodes(targets: Targets, store: ox.Store, loaded: LoadedStore) -> FocusNodes:
    """The focus nodes of every shape, in the order of a hash of their N-Triples form. A
    literal is keyed as rdflib reads it (``"05"^^xsd:integer`` and ``"5"`` are one focus
    node there).

    Hashed, not sorted: in the order of their IRIs the nodes of one kind come together, and
    where those are the faulty ones a batch's results, not its data, fill the memory (at 10^7
    synthetic triples one batch of 20,000 nodes had 150,000 results, a report of 1.7 million
    triples and 3.1 GiB). Spread out, each batch gets its share of them."""
    shapes = sorted(targets, key=str)
    named: dict[tuple[Any, Any], int] = {}  # each target, once: the shapes naming it
    for index, shape in enumerate(shapes):  # (shapes share targets: 224 name 80 here)
        for declared in targets[shape]:
            named[declared] = named.get(declared, 0) | 1 << index
    masks: dict[Any, int] = {}
    shared: dict[int, int] = {}  # one object per combination of shapes, not one per node
    for (kind, value), bits in named.items():
        found = _targets(kind, value, store, loaded)
        for node in {to_oxigraph(to_rdflib(n)) if isinstance(n, ox.Literal) else n for n in found}:
            mask = masks.get(node, 0) | bits
            masks[node] = shared.setdefault(mask, mask)
    ordered = sorted(masks, key=spread)
    return FocusNodes(shapes, ordered, [masks[node] for node in ordered])


def target_counts(targets: Targets, store: ox.Store) -> dict[Any, int]:
    """About how many focus nodes each shape with targets has: quads counted, not distinct
    nodes (a weight for sharing out the shapes, found in a second at 10^6 triples)."""
    distinct = {target for declared in targets.values() for target in declared}
    counted = {target: sum(1 for _ in _matches(*target, store)) for target in distinct}
    return {shape: sum(counted[target] for target in declared)  # shapes share targets
            for shape, declared in targets.items()}  # fmt: skip


def spread(node: Any) -> int:
    """A stable hash of a term (Python's own changes with each process)."""
    return int.from_bytes(hashlib.blake2b(str(node).encode(), digest_size=8).digest(), "big")


def _targets(kind: Any, value: Any, store: ox.Store, loaded: LoadedStore) -> set[Any]:
    if kind in (SH.targetNode, SH.targetClass):
        return set(_matches(kind, value, store))
    at = 0 if kind == SH.targetSubjectsOf else 2
    return {triple[at] for triple in loaded.as_written(_matches(kind, value, store))}


def _matches(kind: Any, value: Any, store: ox.Store) -> Iterator[Any]:
    """The nodes a target names (``sh:targetNode``, ``sh:targetClass``), or the triples of
    its predicate (``sh:targetSubjectsOf``/``ObjectsOf``). A class or predicate that is no
    IRI has none (pySHACL accepts such shapes)."""
    if kind == SH.targetNode:
        yield to_oxigraph(value)
    elif isinstance(value, URIRef):
        term = to_oxigraph(value)
        if kind == SH.targetClass:
            yield from _instances(store, term)
        else:
            yield from (q.triple for q in store.quads_for_pattern(None, term, None))


def _instances(store: ox.Store, cls: Any) -> Iterator[Any]:
    for subclass in _subclasses(store, cls):
        for quad in store.quads_for_pattern(None, _TYPE, subclass):
            yield quad.subject


def _subclasses(store: ox.Store, cls: Any) -> set[Any]:
    """``cls`` and its subclasses (``rdfs:subClassOf*`` walked here: Oxigraph's plan for
    the path query started from every typed node)."""
    found, frontier = {cls}, [cls]
    while frontier:
        frontier = [q.subject for c in frontier for q in store.quads_for_pattern(None, _SUBCLASS, c)
                    if q.subject not in found]  # fmt: skip
        found.update(frontier)
    return found
