"""The one term renderer: short text that is valid SPARQL (so it can be pasted into a query)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from s3kg.vocab.prefixes import PREFIXES
from s3kg.vocab.render import iri_text, short

ID = "https://w3id.org/s3kg/id/"


@pytest.mark.parametrize(
    ("term", "text"),
    [
        (URIRef(ID + "cluster/kama"), "id:cluster\\/kama"),
        (ox.NamedNode(ID + "cluster/kama"), "id:cluster\\/kama"),
        (URIRef("https://w3id.org/s3kg/ontology#Cluster"), "s3kg:Cluster"),
        (URIRef(ID + "a.b."), "id:a.b\\."),
        (URIRef("http://example.org/x"), "<http://example.org/x>"),
        (Literal("Samara", lang="en"), '"Samara"@en'),
        (ox.Literal("Samara", language="en"), '"Samara"@en'),
        (Literal(1992), "1992"),
        (ox.Literal("2019-05-01T00:00:00Z",
                    datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")),
         '"2019-05-01T00:00:00Z"^^xsd:dateTime'),
        (Literal('say "hi"'), '"say \\"hi\\""'),
        (BNode("b1"), "_:b1"),
        (None, ""),
    ],
)
def test_short(term: object, text: str) -> None:
    assert short(term) == text


@pytest.mark.parametrize("local", ["cluster/kama", "document/panarina-2020/table-2/row-3",
                                   "x.", "a~b", "p(1)", "figure/f-12"])
def test_what_is_printed_parses_back_to_the_same_iri(local: str) -> None:
    iri = ID + local
    text = iri_text(iri)
    assert text.startswith("id:")
    solutions = ox.Store().query(f"SELECT ?x WHERE {{ BIND({text} AS ?x) }}", prefixes=PREFIXES)
    assert [s["x"] for s in solutions] == [ox.NamedNode(iri)]  # type: ignore[union-attr]
