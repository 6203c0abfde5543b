"""The data graphs pySHACL validates: rdflib's memory stores with queries on Oxigraph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import SH

from s3kg.validate.engine import SubgraphQueries, prebinds_well
from s3kg.validate.findings import findings_of
from s3kg.validate.prefixes import DataGraph
from s3kg.validate.shacl import run_pyshacl

EX = Namespace("http://example.org/")


def _subgraph() -> Graph:
    return DataGraph(store=SubgraphQueries(ox.Store()))


def test_a_subgraphs_length_counts_each_triple_once() -> None:
    graph = _subgraph()
    node = BNode()
    for value in (1, 2, 2):
        graph.add((node, EX.p, Literal(value)))
    assert len(graph) == 2
    graph.remove((node, EX.p, Literal(1)))
    assert len(graph) == 1
    graph.add((node, EX.q, Literal(3)))
    assert len(graph) == 2


def test_a_blank_focus_node_is_named_in_a_subgraphs_report() -> None:
    # Regression: pySHACL names a blank focus node after looking up the graph it is in; the
    # simple memory store gave no graph, and every such result raised LookupError.
    graph = _subgraph()
    node = BNode()
    graph.add((node, EX.p, Literal(1)))
    graph.add((node, EX.p, Literal(2)))
    shapes = Graph()
    shape = EX.Shape
    prop = BNode()
    shapes.add((shape, SH.targetSubjectsOf, EX.p))
    shapes.add((shape, SH.property, prop))
    shapes.add((prop, SH.path, EX.p))
    shapes.add((prop, SH.maxCount, Literal(1)))
    (finding,) = findings_of(run_pyshacl(graph, shapes))
    assert finding.focus == node


# Queries whose pre-bound $this Oxigraph's substitution gets wrong go to rdflib's engine
# (prebinds_well False): BOUND() and assignments; strings and comments count for nothing.
PREBINDING = {
    'SELECT $this WHERE { FILTER(!BOUND($this)) }': False,
    "SELECT $this ($this AS ?x) WHERE { }": False,
    'SELECT $this WHERE { BIND(IF(true, $this, ")") AS ?x) }': False,
    "SELECT $this WHERE { BIND($this AS ?x # a note\n) }": False,
    "SELECT $this WHERE { BIND($this AS ?xé) }": False,
    "SELECT $this ?x WHERE { ?v <urn:q> ?w } GROUP BY $this (COALESCE($this, <urn:z>) AS ?x)":
    False,
    "SELECT $this (?o AS ?value) WHERE { $this ?p ?o }": True,
    "SELECT $this WHERE { $this ?p ?o } # ($this AS ?y)": True,
    'SELECT $this WHERE { ?x <http://e.org/#p> "BOUND($this)" }': True,
    "SELECT $this WHERE { BIND(STRLEN(?e) AS ?l) $this <urn:p> ?e }": True,
}


@pytest.mark.parametrize("query", PREBINDING)
def test_what_oxigraph_cannot_prebind_is_found(query: str) -> None:
    assert prebinds_well(query, frozenset({"this"})) is PREBINDING[query]
