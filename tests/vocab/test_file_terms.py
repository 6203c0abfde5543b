"""``FileTerms``: one file's terms, its blank nodes kept apart from other files'."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, URIRef

from s3kg.vocab.rdf import FileTerms

EX = "http://example.org/"


def _quads() -> list[ox.Quad]:
    text = f"<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n_:x <{EX}p> _:y <{EX}g> .\n"
    return list(ox.parse(text, format=ox.RdfFormat.N_QUADS))


def test_a_quad_without_blank_nodes_is_passed_on_as_parsed() -> None:
    plain = _quads()[0]
    assert FileTerms("f0x").quad(plain) is plain


def test_blank_nodes_get_the_files_scope_in_both_forms() -> None:
    blank = _quads()[1]
    terms = FileTerms("f1x")
    quad = terms.quad(blank)
    assert quad.subject == ox.BlankNode("f1x" + blank.subject.value)
    assert quad.object == ox.BlankNode("f1x" + blank.object.value)
    assert quad.predicate == blank.predicate and quad.graph_name == blank.graph_name
    subject, predicate, obj = terms.triple(blank)
    assert (subject, obj) == (BNode(quad.subject.value), BNode(quad.object.value))
    assert predicate == URIRef(f"{EX}p")
