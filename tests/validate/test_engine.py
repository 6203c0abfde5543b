"""The prefixes s3kg's engine passes to Oxigraph with each focus node's query."""

from __future__ import annotations

from rdflib import Namespace

from s3kg.validate.engine import DataGraph, OxigraphQueries, _used_prefixes, prefix_candidates

EX = Namespace("http://example.org/")


def test_candidates_hold_every_prefix_a_query_can_name() -> None:
    text = 'SELECT * { ?a ex:p ?b . ?b ex2:q ?c.ex3:r ex4:s . FILTER (?c-ex5:n("1") > 0) }'
    found = prefix_candidates(text)
    assert {"ex", "ex2", "ex3", "ex4", "ex5"} <= found
    assert "rdfs" not in found and "" not in found


def test_only_the_bound_prefixes_a_query_names_are_passed() -> None:
    bound = {"ex": EX, "owl": "http://www.w3.org/2002/07/owl#", "unused": "http://u/"}
    assert _used_prefixes("ASK { ex:a a owl:Thing }", bound) == {
        "ex": str(EX), "owl": "http://www.w3.org/2002/07/owl#"}
    assert _used_prefixes("ASK { <http://x/a> ?p ?o }", bound) == {}


def test_a_data_graph_answers_with_rdflibs_bound_prefixes_undeclared_in_the_text() -> None:
    import pyoxigraph as ox

    graph = DataGraph(store=OxigraphQueries(ox.Store()))
    graph.bind("ex", EX)
    store = graph.store
    assert isinstance(store, OxigraphQueries)
    store.oxigraph.add(ox.Quad(ox.NamedNode(EX.a), ox.NamedNode(str(EX.p)),
                               ox.Literal("1"), ox.DefaultGraph()))
    text = "SELECT ?o WHERE { ex:a ex:p ?o . FILTER (datatype(?o) = xsd:string) }"
    rows = list(graph.query(text))
    assert [str(row[0]) for row in rows] == ["1"]  # type: ignore[index]
