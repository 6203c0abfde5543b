"""SHACL-SPARQL through s3kg's engine (pySHACL, queries on Oxigraph) gives plain pySHACL's results.

Each case is a tiny shapes graph with one SPARQL constraint and a tiny data graph: plain
pySHACL validates them on rdflib (the reference), ``validate_named_graphs`` the way
``s3kg validate`` does, and the two result multisets (focus node, path, value, severity,
shape, constraint) must be equal. The cases include those the deleted one-query rewrite got
wrong (issue 15): ``$this`` only in a FILTER inside a UNION branch, a sub-select after a
``}``, a shape used through ``sh:node``/``sh:not``, a literal ``sh:targetNode``, duplicate
solutions, and the forms Oxigraph's substitution cannot pre-bind (BOUND, BIND).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH

from s3kg.config import Settings
from s3kg.validate.shacl import validate_named_graphs

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


def _ours(data: Graph, shapes: Graph, graph: Any = DATASET_DEFAULT_GRAPH_ID) -> Counter[ResultKey]:
    copy = Graph(identifier=graph)
    copy += data
    return _keys(validate_named_graphs({graph: copy}, shapes, Settings()).report)


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
    "$this only in a FILTER inside a UNION branch (pre-binding, not a join)": dict(
        where="{ $this ex:p ?value } UNION { ?value ex:r ?x . FILTER (?x = $this) }",
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3), (EX.c, EX.w)],
    ),
    "$this in a nested group's FILTER": dict(
        where="{ { FILTER ($this = ex:c) } } OPTIONAL { $this ex:p ?value }",
        variables="",
        expected=[(EX.c, EX.c)],
    ),
    "BOUND($this) in a nested group (left to rdflib)": dict(
        where="{ FILTER (BOUND($this)) } $this ex:name ?value",
        expected=[(EX.a, Literal("alpha"))],
    ),
    "BIND of $this (left to rdflib)": dict(
        where="BIND ($this AS ?that) FILTER (?that = ex:c)",
        variables="",
        expected=[(EX.c, EX.c)],
    ),
    "a sub-select after a closing brace sees $this": dict(
        where="{ $this a ?type } { SELECT $this ?value WHERE { $this ex:p ?value } }",
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3)],
    ),
    "a literal sh:targetNode": dict(
        targets='sh:targetNode "alpha" ;',
        where="?value ex:name $this",
        expected=[(Literal("alpha"), EX.a)],
    ),
    "duplicate solutions": dict(
        where="$this ex:p ?x . BIND (ex:same AS ?value)",
        expected=[(EX.a, EX.same), (EX.b, EX.same)],
    ),
    "a prefix the text does not declare, bound in rdflib (owl:)": dict(
        where="$this ex:p ?value . FILTER NOT EXISTS { ?value a owl:Thing }",
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3)],
    ),
    "a prefixed name joined to a variable by '-' (?one-xsd:integer)": dict(
        where='$this ex:p ?value . BIND (1 AS ?one) FILTER (?one-xsd:integer("1") = 0)',
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3)],
    ),
    "$this in triple patterns of both UNION branches": dict(
        where="{ $this ex:p ?value } UNION { ?value ex:r $this }",
        expected=[(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3), (EX.c, EX.w)],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_results_equal_plain_pyshacl(case: str) -> None:
    spec = dict(CASES[case])
    expected = spec.pop("expected")
    shapes, data = _shapes(**spec), _data()
    reference = _pyshacl(data, shapes)
    assert _focus(reference) == sorted(expected)  # the case tests what it says
    assert _ours(data, shapes) == reference


def test_named_graphs_are_read_as_the_default_graph() -> None:
    shapes, data = _shapes("$this ex:p ?value"), _data()
    named = _ours(data, shapes, EX.graph)
    assert named == _pyshacl(data, shapes)
    assert len(named) == 3


def test_graph_patterns_read_one_named_graph() -> None:
    """What FactProvenanceConstraint does: GRAPH <name> inside the constraint."""
    shapes = _shapes("GRAPH ex:graph { $this ex:p ?value }")
    data = _data()
    assert _focus(_ours(data, shapes, EX.graph)) == [(EX.a, EX.v1), (EX.b, EX.v2), (EX.b, EX.v3)]
    assert _ours(data, shapes, EX.other) == Counter()


def test_shape_used_through_node_and_not_keeps_its_sparql_check() -> None:
    shapes = _shapes("$this ex:p ?value . FILTER (?value = ex:v1)", targets="", shape="ex:S")
    shapes.parse(
        data="""@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:Outer a sh:NodeShape ; sh:targetClass ex:Thing ; sh:node ex:S .
        ex:Negated a sh:NodeShape ; sh:targetClass ex:Thing ; sh:not ex:S .""",
        format="turtle",
    )
    data = _data()
    reference = _pyshacl(data, shapes)
    assert {EX.Outer, EX.Negated} <= {key[4] for key in reference}
    assert _ours(data, shapes) == reference


def test_messages_substitute_variables() -> None:
    shapes, data = _shapes("$this ex:name ?value"), _data()
    copy = Graph()
    copy += data
    report = validate_named_graphs({DATASET_DEFAULT_GRAPH_ID: copy}, shapes, Settings()).report
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    # pySHACL's form: the IRI as it is; the substituted message loses its language tag
    assert str(report.value(result, SH.resultMessage)) == "http://example.org/a fails with alpha"
    assert report.value(result, SH.value) == Literal("alpha")


def test_garbage_of_queries_rdflib_answers_is_freed_during_the_run() -> None:
    """Regression: with the collector paused for the whole pySHACL run, the cycles rdflib's
    engine leaves for each focus node (BOUND sends the query there) were all kept: 90 MiB at
    the peak for 400 nodes, against 7 MiB with young collections."""
    import gc
    import tracemalloc

    from s3kg.validate.engine import data_graph
    from s3kg.validate.shacl import run_pyshacl

    things = "".join(f'ex:n{i} a ex:Thing ; ex:name "n{i}" .\n' for i in range(250))
    data = Graph().parse(data=f"@prefix ex: <{EX}> .\n{things}", format="turtle")
    shapes = _shapes("$this ex:name ?value . FILTER (!BOUND($this))")
    graph = data_graph({DATASET_DEFAULT_GRAPH_ID: data})
    gc.collect()
    tracemalloc.start()
    try:
        run_pyshacl(graph, shapes)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 25 * 2**20
