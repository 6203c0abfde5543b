"""The prefixes the data graph's queries pass to Oxigraph (``s3kg.validate.prefixes``)."""

from __future__ import annotations

from rdflib import Namespace

from s3kg.validate.engine import OxigraphQueries
from s3kg.validate.prefixes import DataGraph, prefix_candidates, used_prefixes

EX = Namespace("http://example.org/")


def test_candidates_hold_every_prefix_a_query_can_name() -> None:
    text = 'SELECT * { ?a ex:p ?b . ?b ex2:q ?c.ex3:r ex4:s . FILTER (?c-ex5:n("1") > 0) }'
    found = prefix_candidates(text)
    assert {"ex", "ex2", "ex3", "ex4", "ex5"} <= found
    assert "rdfs" not in found and "" not in found


def test_only_the_bound_prefixes_a_query_names_are_passed() -> None:
    bound = {"ex": EX, "owl": "http://www.w3.org/2002/07/owl#", "unused": "http://u/"}
    assert used_prefixes("ASK { ex:a a owl:Thing }", bound) == {
        "ex": str(EX), "owl": "http://www.w3.org/2002/07/owl#"}
    assert used_prefixes("ASK { <http://x/a> ?p ?o }", bound) == {}


def test_a_fresh_data_graph_answers_with_rdflibs_default_prefixes() -> None:
    """Nothing bound yet: ``xsd:`` comes from the prefixes rdflib binds to every graph."""
    import pyoxigraph as ox

    store = OxigraphQueries(ox.Store())
    store.oxigraph.add(ox.Quad(ox.NamedNode(EX.a), ox.NamedNode(str(EX.p)),
                               ox.Literal("1"), ox.DefaultGraph()))
    graph = DataGraph(store=store)
    text = f"PREFIX ex: <{EX}> SELECT ?o {{ ex:a ex:p ?o FILTER (datatype(?o) = xsd:string) }}"
    rows = list(graph.query(text))
    assert [str(row[0]) for row in rows] == ["1"]  # type: ignore[index]


def test_candidates_cover_names_beyond_word_characters() -> None:
    assert "a\u200cb" in prefix_candidates("ASK { a\u200cb:p ?p ?o }")
    assert "हिन्दी" in prefix_candidates("ASK { हिन्दी:p ?p ?o }")
