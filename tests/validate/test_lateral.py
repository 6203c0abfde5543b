"""A batch's SPARQL constraints answered for all its focus nodes at once (LATERAL) give, node
by node, what each node's own query with ``$this`` substituted gives: every constraint of the
W3C SHACL-SPARQL suite and of s3kg's shapes, on many nodes of its data, rows and counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from s3kg.config import PROJECT_ROOT, Settings
from s3kg.validate import lateral as lateral_module
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
    """IRIs of the data (subjects and objects, in the order of their text): the nodes a
    constraint is asked about."""
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


# Query forms beyond the suites': each compared node by node on a small graph, or, where the
# two would differ (an expression assigned from $this), never answered at once.
FORMS_DATA = """@prefix ex: <http://ex/> .
ex:a ex:p 1, 2 ; ex:q ex:b ; ex:name "a" .
ex:b ex:p 3 ; ex:q ex:a ; ex:r ex:b .
ex:c ex:q ex:c ; ex:name "c", "cc" .
ex:d ex:other ex:a .
GRAPH ex:g { ex:a ex:inG ex:x . ex:x ex:p 7 . }
"""
NEVER = [  # never answered at once: compared with nothing
    # Oxigraph's substitution drops an expression assigned from $this: rdflib's engine answers
    "SELECT $this ($this AS ?x) WHERE { FILTER NOT EXISTS { $this ex:p ?v } }",
    "SELECT $this ?x WHERE { ?v ex:q ?w } GROUP BY $this (COALESCE($this, ex:z) AS ?x)",
    # $this not projected: refused node by node, so the first node's query fails as it did
    "SELECT * WHERE { ?s ex:p ?v FILTER(?s = $this) }",
]
FORMS = [
    "SELECT $this ?v WHERE { $this ex:p ?v }",
    "SELECT $this WHERE { OPTIONAL { $this ex:p ?v } FILTER(!bound(?v)) }",
    "SELECT $this ?v WHERE { OPTIONAL { { ?v ex:q ?w FILTER(?w = $this) } } }",
    "SELECT $this ?v WHERE { ?v ex:q ?w . { FILTER(?w = $this) } }",
    "SELECT $this ?v WHERE { { $this ex:p ?v } UNION { ?v ex:q ex:a } }",
    "SELECT $this ?v WHERE { { ?v ex:q ?w } UNION { ?v ex:r ?w } FILTER(?w = $this) }",
    "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:q ?x } }",
    "SELECT $this ?g WHERE { GRAPH ?g { $this ?p ?o } }",
    "SELECT $this (COUNT(?v) AS ?c) WHERE { OPTIONAL { $this ex:p ?v } } GROUP BY $this"
    " HAVING (COUNT(?v) < 2)",
    "SELECT DISTINCT $this WHERE { ?s ?p ?o }",
    "SELECT $this ?o WHERE { $this ?p ?o } ORDER BY DESC(?o) OFFSET 1 LIMIT 1",
    "SELECT * WHERE { $this ex:p ?v }",
    "SELECT $this ?v WHERE { $this (ex:q|^ex:q)* ?v }",
    "SELECT $this ?v ?w WHERE { OPTIONAL { $this ex:r ?w } ?v ex:q ?w }",
    "SELECT $this ?v WHERE { ?v ex:q ?w . FILTER(?w NOT IN ($this)) } # a comment at the end",
]


@pytest.mark.parametrize("form", FORMS + NEVER)
def test_query_forms_answer_the_same_at_once(form: str) -> None:
    store = ox.Store()
    store.load(FORMS_DATA.encode(), ox.RdfFormat.TRIG)
    shapes = Graph()
    shapes.add((URIRef("urn:s"), SH.sparql, URIRef("urn:c")))
    shapes.add((URIRef("urn:c"), SH.select, Literal(form)))
    shapes.add((URIRef("urn:c"), SH.declare, URIRef("urn:d")))
    shapes.add((URIRef("urn:d"), SH.prefix, Literal("ex")))
    shapes.add((URIRef("urn:d"), SH.namespace, Literal("http://ex/")))
    compared, _ = _compare(store, shapes)
    assert compared == (0 if form in NEVER else 4)  # every node but the first, asked alone


def _lateral_of(text: str, nodes: list[Any]) -> Lateral:
    shapes = Graph()
    shapes.add((URIRef("urn:s"), SH.sparql, URIRef("urn:c")))
    shapes.add((URIRef("urn:c"), SH.select, Literal(text)))
    store = ox.Store()
    store.load(FORMS_DATA.encode(), ox.RdfFormat.TRIG)
    return Lateral(store, shapes, [(URIRef("urn:s"), nodes)])


def test_the_first_node_and_nodes_that_are_no_iris_are_asked_by_themselves() -> None:
    text = "SELECT $this ?v WHERE { $this <http://ex/p> ?v }"
    iri, literal, blank = ox.NamedNode("http://ex/a"), ox.Literal("a"), ox.BlankNode("b")
    lateral = _lateral_of(text, [iri, literal, blank])
    asks = [lateral.answer(text, {"this": to_rdflib(n)}, dict) for n in (iri, iri, literal, blank)]
    assert asks[0] is None and asks[2:] == [None, None]
    assert asks[1] is not None and len(asks[1].bindings) == 2


def test_answers_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lateral_module, "_CHUNK", 2)
    text = "SELECT $this ?v WHERE { $this <http://ex/p> ?v }"
    nodes = [ox.NamedNode(f"http://ex/{n}") for n in "abcdx"]
    lateral = _lateral_of(text, nodes)
    lateral.answer(text, {"this": to_rdflib(nodes[0])}, dict)
    counts = [len(lateral.answer(text, {"this": to_rdflib(n)}, dict).bindings)  # type: ignore[union-attr]
              for n in nodes]  # fmt: skip
    assert counts == [2, 1, 0, 0, 1]  # ex:x's 7 is in a named graph, part of the default


def test_a_failure_variable_is_asked_by_itself() -> None:
    # pySHACL keeps the first failing row's values: the order of the rows must be the query's
    text = "SELECT $this ?failure WHERE { $this <http://ex/p> ?v BIND(true AS ?failure) }"
    node = ox.NamedNode("http://ex/a")
    lateral = _lateral_of(text, [node])
    assert all(lateral.answer(text, {"this": to_rdflib(node)}, dict) is None for _ in range(2))
