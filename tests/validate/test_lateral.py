"""A batch's SPARQL constraints answered for all its focus nodes at once (LATERAL) give, node
by node, what each node's own query with ``$this`` substituted gives: every constraint of the
W3C SHACL-SPARQL suite and of s3kg's shapes, on many nodes of its data, rows and counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.validate.engine import _result, prebinds_well
from s3kg.validate.lateral import Lateral
from s3kg.vocab.rdf import rdf_format, to_rdflib

SUITE = Settings().w3c_dir / "shacl" / "sparql"
SAMPLE = PROJECT_ROOT / "tests" / "data" / "s3kg-sample.trig"
OURS = sorted((PROJECT_ROOT / "shapes").glob("*.ttl"))
W3C = sorted(p for p in SUITE.glob("*/*.ttl") if p.name != "manifest.ttl")
_NODES = 40  # per query: enough for rows that differ by node, few enough for CI


def _load(files: list[Path]) -> ox.Store:
    store = ox.Store()
    for path in files:
        store.bulk_extend(ox.parse(path=str(path), format=rdf_format(path),
                                   base_iri=path.resolve().as_uri()))  # fmt: skip
    return store


def _prologue(shapes: Graph) -> str:
    """PREFIX lines for every sh:declare of the shapes, as pySHACL writes them."""
    lines = [f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>"
             for d in shapes.objects(None, SH.declare)]  # fmt: skip
    return "\n".join(sorted(set(lines))) + "\n\n"


def _nodes(store: ox.Store) -> list[Any]:
    """IRIs of the data, subjects first: the nodes a constraint is asked about."""
    seen: dict[Any, None] = {}
    for quad in store:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                seen.setdefault(term)
    return sorted(seen, key=str)[:_NODES]


def _rows(result: Any) -> Counter[frozenset[Any]]:
    return Counter(frozenset(row.items()) for row in result.bindings)


def _compare(store: ox.Store, shapes: Graph) -> tuple[int, int]:
    """How many nodes' answers were compared (those answered at once), and their rows."""
    compared = rows = 0
    nodes = _nodes(store)
    prologue = _prologue(shapes)
    for shape, constraint in shapes.subject_objects(SH.sparql):
        for text in shapes.objects(constraint, SH.select):
            query = prologue + str(text)
            if not prebinds_well(query, frozenset({"this"})):
                continue  # rdflib's engine answers these (s3kg.validate.engine)
            lateral = Lateral(store, shapes, [(shape, nodes)])
            for node in nodes:
                try:
                    alone = _result(store.query(query, use_default_graph_as_union=True,
                                                substitutions={ox.Variable("this"): node}))
                except (RuntimeError, SyntaxError, OSError):
                    break  # refused node by node: never answered at once either
                at_once = lateral.answer(query, {"this": to_rdflib(node)}, dict)
                if at_once is not None:
                    assert _rows(at_once) == _rows(alone), (str(text), node)
                    compared += 1
                    rows += len(alone.bindings)
    return compared, rows


@pytest.mark.parametrize("path", W3C, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_w3c_constraints_answer_the_same_at_once(path: Path) -> None:
    if not SUITE.is_dir():
        pytest.skip(f"no W3C suite in {SUITE}")
    shapes = Graph().parse(path)
    _compare(_load([path]), shapes)


def test_the_w3c_constraints_are_answered_at_once_somewhere() -> None:
    """Not a vacuous comparison: most of the suite's constraints qualify."""
    if not SUITE.is_dir():
        pytest.skip(f"no W3C suite in {SUITE}")
    counts = [_compare(_load([p]), Graph().parse(p)) for p in W3C]
    assert sum(1 for nodes, _ in counts if nodes) >= 5
    assert sum(nodes for nodes, _ in counts) >= 100 and sum(rows for _, rows in counts) >= 20


def test_s3kgs_constraints_answer_the_same_at_once() -> None:
    shapes = Graph()
    for path in OURS:
        shapes.parse(path)
    nodes, rows = _compare(_load([SAMPLE]), shapes)
    assert nodes >= 100 and rows >= 20


def test_a_query_of_another_text_is_asked_by_itself() -> None:
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> sh:sparql [ sh:select "SELECT $this WHERE { $this <urn:p> ?o }" ] .""")
    node = ox.NamedNode("urn:a")
    lateral = Lateral(ox.Store(), shapes, [(URIRef("urn:s"), [node])])
    other = "SELECT $this WHERE { $this <urn:q> ?o }"
    assert lateral.answer(other, {"this": URIRef("urn:a")}, dict) is None
    nested = "SELECT $this WHERE { { SELECT $this WHERE { $this <urn:p> ?o } } }"
    assert lateral.answer(nested, {"this": URIRef("urn:a")}, dict) is None
