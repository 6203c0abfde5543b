"""Focus nodes found on a store, and cut into batches (s3kg.validate.targets)."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
from rdflib import Graph

from s3kg.validate.ondisk import LoadedStore
from s3kg.validate.targets import (
    FocusNodes,
    focus_nodes,
    shape_targets,
    spread,
    target_counts,
)

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:s:Named> a sh:NodeShape ; sh:targetSubjectsOf <urn:name> .
<urn:s:People> a sh:NodeShape ; sh:targetClass <urn:Person> .
<urn:s:Ages> a sh:NodeShape ; sh:targetObjectsOf <urn:age> .
"""
DATA = """<urn:b> <urn:name> "B" . <urn:b> a <urn:Person> . <urn:a> a <urn:Person> .
<urn:c> <urn:name> "C" . <urn:a> <urn:age> "05"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


def test_each_node_carries_every_shape_that_targets_it() -> None:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    targets, _ = shape_targets(Graph().parse(data=SHAPES, format="turtle"))
    found = focus_nodes(targets, store, LoadedStore())
    assert [str(s) for s in found.shapes] == ["urn:s:Ages", "urn:s:Named", "urn:s:People"]
    shapes_of = {
        str(node): {str(s) for i, s in enumerate(found.shapes) if mask >> i & 1}
        for node, mask in zip(found.nodes, found.masks, strict=True)
    }
    assert shapes_of == {
        '"5"^^<http://www.w3.org/2001/XMLSchema#integer>': {"urn:s:Ages"},  # as rdflib reads it
        "<urn:a>": {"urn:s:People"},
        "<urn:b>": {"urn:s:Named", "urn:s:People"},
        "<urn:c>": {"urn:s:Named"},
    }
    assert found.nodes == sorted(found.nodes, key=spread)  # kinds of nodes mixed, in a fixed order


def test_a_batch_groups_its_nodes_by_shape_in_a_fixed_order() -> None:
    nodes = [ox.NamedNode(f"urn:n{i}") for i in range(5)]
    focus = FocusNodes(["urn:A", "urn:B"], nodes, [0b01, 0b11, 0b10, 0b01, 0b11])
    assert focus.batch(0, 2) == [("urn:A", nodes[:2]), ("urn:B", nodes[1:2])]
    assert focus.batch(2, 2) == [("urn:B", nodes[2:3]), ("urn:A", nodes[3:4])]
    assert focus.batch(4, 2) == [("urn:A", nodes[4:]), ("urn:B", nodes[4:])]
    assert focus.batch(6, 2) == []


def test_the_order_of_focus_nodes_is_the_same_in_every_process() -> None:
    code = ("import pyoxigraph as ox; from s3kg.validate.targets import spread; "
            "print(spread(ox.NamedNode('urn:a')), spread(ox.Literal('5')))")  # fmt: skip
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed})
            for seed in ("1", "2")]  # fmt: skip
    outputs = {run.stdout for run in runs}
    assert len(outputs) == 1 and outputs.pop().split() == [
        str(spread(ox.NamedNode("urn:a"))), str(spread(ox.Literal("5")))]  # fmt: skip


def test_target_counts_weigh_each_shape_by_its_targets() -> None:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    targets, _ = shape_targets(Graph().parse(data=SHAPES + ODD, format="turtle"))
    counts = target_counts(targets, store)
    assert {str(s): n for s, n in counts.items()} == {
        "urn:s:Named": 2, "urn:s:People": 2, "urn:s:Ages": 1, "urn:s:Odd": 2}  # fmt: skip


# Targets pySHACL accepts that name no class or predicate: nothing (no error); a node: one.
ODD = """<urn:s:Odd> a sh:NodeShape ; sh:targetSubjectsOf [] ; sh:targetClass "x" ;
  sh:targetNode "z", <urn:nowhere> ."""


def test_targets_that_name_no_iri_have_no_focus_nodes() -> None:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    targets, _ = shape_targets(Graph().parse(data=SHAPES + ODD, format="turtle"))
    found = focus_nodes(targets, store, LoadedStore())
    odd = found.shapes.index(next(s for s in found.shapes if str(s) == "urn:s:Odd"))
    pairs = zip(found.nodes, found.masks, strict=True)
    assert sorted(str(n) for n, m in pairs if m >> odd & 1) == ['"z"', "<urn:nowhere>"]


def test_shapes_sharing_a_target_each_get_its_nodes() -> None:
    """A target found once for all the shapes that name it (and for a shape naming it twice,
    an implicit class target beside the same sh:targetClass) still marks every one."""
    shapes = SHAPES + """<urn:s:Others> a sh:NodeShape ; sh:targetClass <urn:Person> .
<urn:Person> a sh:NodeShape , <http://www.w3.org/2000/01/rdf-schema#Class> ;
    sh:targetClass <urn:Person> .
"""
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    targets, _ = shape_targets(Graph().parse(data=shapes, format="turtle"))
    found = focus_nodes(targets, store, LoadedStore())
    shapes_of = {
        str(node): {str(s) for i, s in enumerate(found.shapes) if mask >> i & 1}
        for node, mask in zip(found.nodes, found.masks, strict=True)
    }
    people = {"urn:s:People", "urn:s:Others", "urn:Person"}
    assert shapes_of["<urn:a>"] == people
    assert shapes_of["<urn:b>"] == people | {"urn:s:Named"}
    counts = target_counts(targets, store)
    assert counts[next(s for s in targets if str(s) == "urn:Person")] == 4  # 2 nodes, twice
    assert counts[next(s for s in targets if str(s) == "urn:s:Others")] == 2
