"""Batched SHACL-SPARQL constraints give the results pySHACL gives by pre-binding $this.

Each case is a tiny shapes graph with one SPARQL constraint and a tiny data graph: pySHACL
validates them the usual way, ``shacl_sparql`` runs the constraint once on Oxigraph, and the
two result sets (focus node, path, value, severity, shape, constraint) must be equal.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from s3kg.validate.shacl_sparql import batches, run_batches
from s3kg.vocab.rdf import to_oxigraph

EX = Namespace("http://example.org/")

DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Special rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:p ex:v1 ; ex:name "alpha" .
ex:b a ex:Special ; ex:p ex:v2 , ex:v3 .
ex:c a ex:Thing .
ex:v2 ex:q ex:b .
ex:w ex:r ex:c .
ex:loner ex:p ex:v9 .
ex:stray ex:q ex:nobody .
"""

SHAPES = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/prefixes> sh:declare [
    sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
%(shape)s a sh:NodeShape %(types)s ;
    %(targets)s
    sh:sparql ex:C .
ex:C a sh:SPARQLConstraint ;
    sh:message "{$this} fails with {?value}"@en ;
    sh:prefixes <http://example.org/prefixes> ;
    sh:select \"\"\"SELECT $this %(variables)s WHERE { %(where)s }\"\"\" .
"""

ResultKey = tuple[Any, ...]


def _shapes(
    where: str,
    targets: str = "sh:targetClass ex:Thing ;",
    variables: str = "?value",
    shape: str = "ex:S",
    types: str = "",
) -> Graph:
    text = SHAPES % {
        "shape": shape,
        "types": types,
        "targets": targets,
        "variables": variables,
        "where": where,
    }
    return Graph().parse(data=text, format="turtle")


def _keys(report: Graph) -> Counter[ResultKey]:
    return Counter(
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.value),
            report.value(r, SH.resultSeverity),
            report.value(r, SH.sourceShape),
            report.value(r, SH.sourceConstraint),
            report.value(r, SH.sourceConstraintComponent),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


def _pyshacl(data: Graph, shapes: Graph) -> Counter[ResultKey]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    assert isinstance(report, Graph)
    return _keys(report)


def _store(data: Graph, graph: Any = None) -> ox.Store:
    store = ox.Store()
    context = graph or ox.DefaultGraph()
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), context) for s, p, o in data
    )
    return store


def _batched(data: Graph, shapes: Graph, graph: Any = None) -> Counter[ResultKey]:
    found, rest = batches(shapes)
    assert len(found) == 1, "the constraint should have been batched"
    assert (None, SH.sparql, None) not in rest
    return _keys(run_batches(_store(data, graph), found))


def _data() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


def _focus(results: Counter[ResultKey]) -> list[tuple[Any, Any]]:
    return sorted((key[0], key[2]) for key in results.elements())


CASES: dict[str, dict[str, Any]] = {
    "targetClass follows subclasses, FILTER NOT EXISTS sees $this": dict(
        where="FILTER NOT EXISTS { $this ex:p ?any }",
        variables="",
        expected=[(EX.c, EX.c)],
    ),
    "?path and ?value, $this inside NOT EXISTS": dict(
        where="$this ?path ?value . FILTER (?path = ex:p) FILTER NOT EXISTS { ?value ex:q $this }",
        variables="?path ?value",
        expected=[(EX.a, EX.v1), (EX.b, EX.v3)],
    ),
    "targetSubjectsOf": dict(
        targets="sh:targetSubjectsOf ex:p ;",
        where="$this ex:p ?value . FILTER NOT EXISTS { $this a ?type }",
        expected=[(EX.loner, EX.v9)],
    ),
    "targetObjectsOf": dict(
        targets="sh:targetObjectsOf ex:p ;",
        where="FILTER NOT EXISTS { $this ex:q ?any }",
        variables="",
        expected=[(EX.v1, EX.v1), (EX.v3, EX.v3), (EX.v9, EX.v9)],
    ),
    "targetNode": dict(
        targets="sh:targetNode ex:c , ex:a ;",
        where="OPTIONAL { $this ex:name ?value } FILTER (!BOUND(?value))",
        expected=[(EX.c, EX.c)],
    ),
    "implicit class target": dict(
        shape="ex:Special",
        types=", rdfs:Class",
        targets="",
        where="$this ex:p ?value",
        expected=[(EX.b, EX.v2), (EX.b, EX.v3)],
    ),
    "overlapping targets report a focus node once": dict(
        targets="sh:targetClass ex:Thing ; sh:targetNode ex:a ; sh:targetSubjectsOf ex:name ;",
        where="$this ex:p ?value",
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3)],
    ),
    "warning severity": dict(
        targets="sh:targetClass ex:Thing ; sh:severity sh:Warning ;",
        where="$this ex:name ?value",
        expected=[(EX.a, Literal("alpha"))],
    ),
    "$this in triple patterns of both UNION branches": dict(
        where="{ $this ex:p ?value } UNION { ?value ex:r $this }",
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3), (EX.c, EX.w)],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_batched_results_equal_pyshacl(case: str) -> None:
    spec = dict(CASES[case])
    expected = spec.pop("expected")
    shapes, data = _shapes(**spec), _data()
    reference = _pyshacl(data, shapes)
    assert _focus(reference) == sorted(expected)  # the case tests what it says
    assert _batched(data, shapes) == reference


def test_batched_results_read_named_graphs_as_the_default_graph() -> None:
    shapes, data = _shapes("$this ex:p ?value"), _data()
    named = _batched(data, shapes, ox.NamedNode("http://example.org/graph"))
    assert named == _pyshacl(data, shapes)
    assert len(named) == 3


@pytest.mark.xfail(
    strict=True,
    reason="the batched join leaves $this unbound inside a nested group, so a FILTER on $this "
    "in a UNION branch drops solutions that pre-binding keeps (validate/shacl_sparql.py)",
)
def test_this_only_in_a_filter_inside_a_union_branch() -> None:
    # Same solutions as "$this in triple patterns of both UNION branches" above.
    shapes = _shapes("{ $this ex:p ?value } UNION { ?value ex:r ?x . FILTER (?x = $this) }")
    data = _data()
    reference = _pyshacl(data, shapes)
    assert _focus(reference) == [(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3), (EX.c, EX.w)]
    assert _batched(data, shapes) == reference  # the batched run misses (ex:c, ex:w)


def test_messages_substitute_variables_and_keep_the_language() -> None:
    shapes, data = _shapes("$this ex:name ?value"), _data()
    found, _ = batches(shapes)
    report = run_batches(_store(data), found)
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    assert report.value(result, SH.resultMessage) == Literal(
        "<http://example.org/a> fails with alpha", lang="en"
    )
    assert report.value(result, SH.value) == Literal("alpha")


def test_shape_message_is_used_when_the_constraint_has_none() -> None:
    shapes = _shapes("$this ex:p ?value . FILTER (?value = ex:v1)", variables="?value ?unset")
    shapes.remove((EX.C, SH.message, None))
    shapes.add((EX.S, SH.message, Literal("{$this}: {?unset}.", lang="en")))
    found, _ = batches(shapes)
    assert found[0].messages == (Literal("{$this}: {?unset}.", lang="en"),)
    report = run_batches(_store(_data()), found)
    assert set(report.objects(None, SH.resultMessage)) == {
        Literal("<http://example.org/a>: .", lang="en")
    }


def test_only_batchable_constraints_leave_the_shapes_graph() -> None:
    base = _shapes("$this ex:p ?value")
    shapes = Graph()
    shapes += base
    kept = {
        "currentShape": ("ex:S2", "$this ex:p ?value . FILTER ($currentShape != ex:S2)", ""),
        "property shape": ("ex:S4", "$this ex:p ?value", "sh:path ex:p ;"),
        "SHACL-AF target": ("ex:S5", "$this ex:p ?value", "sh:target [ a ex:T ] ;"),
        "deactivated": ("ex:S6", "$this ex:p ?value", "sh:deactivated true ;"),
        "no target": ("ex:S7", "$this ex:p ?value", ""),
        "VALUES": ("ex:S8", "VALUES ?value { ex:v1 } $this ex:p ?value", ""),
    }
    for n, (shape, where, extra) in enumerate(kept.values(), 2):
        targets = "" if shape in ("ex:S5", "ex:S7") else "sh:targetClass ex:Thing ;"
        one = _shapes(where, targets=targets + extra, shape=shape)
        constraint = URIRef(f"{EX}C{n}")
        for s, p, o in one:
            shapes.add((constraint if s == EX.C else s, p, constraint if o == EX.C else o))
    found, rest = batches(shapes)
    assert [(b.shape, b.constraint) for b in found] == [(EX.S, EX.C)]
    assert found[0].severity == SH.Violation
    assert (EX.S, SH.sparql, EX.C) not in rest
    assert len(rest) == len(shapes) - 1
    assert len(list(rest.subject_objects(SH.sparql))) == len(kept)
    assert "SELECT DISTINCT ?this" in found[0].query
    assert found[0].query.startswith("PREFIX ex: <http://example.org/>\n")
