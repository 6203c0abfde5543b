"""Years are canonical xsd:integer literals; only OWL 2 datatype-map datatypes pass the check."""

from __future__ import annotations

import pytest
import rdflib.namespace as rns
from rdflib import Graph, Literal, URIRef

from s3kg.vocab.datatypes import OWL2_DATATYPES, YEAR, foreign_datatypes, year_literal

# Not `XSD` itself: pytest would probe the namespace for test attributes and warn.
XSD_NS = str(rns.XSD)

PREFIXES = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _foreign(turtle: str) -> set[tuple[str, str]]:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return {(str(u.datatype), str(u.predicate)) for u in foreign_datatypes(graph)}


def test_years_are_in_the_map_and_the_xsd_calendar_types_are_not() -> None:
    assert str(YEAR) == XSD_NS + "integer"
    assert YEAR in OWL2_DATATYPES
    for name in ("gYear", "gYearMonth", "date", "time", "duration"):
        assert URIRef(XSD_NS + name) not in OWL2_DATATYPES, name


@pytest.mark.parametrize(("value", "lexical"), [(2004, "2004"), ("2004", "2004"),
                                                ("0987", "987"), (" 1999 ", "1999")])
def test_year_literal_is_a_canonical_integer(value: object, lexical: str) -> None:
    year = year_literal(value)
    assert (str(year), year.datatype, year.toPython()) == (lexical, YEAR, int(lexical))


@pytest.mark.parametrize("value", ["2004-05", "MMIV", 2004.5, ""])
def test_year_literal_refuses_what_is_not_a_whole_number(value: object) -> None:
    with pytest.raises(ValueError):
        year_literal(value)


def test_datatypes_of_the_map_pass() -> None:
    assert _foreign("""
        :p a owl:DatatypeProperty ; rdfs:range xsd:integer .
        :q a owl:DatatypeProperty ; rdfs:range rdfs:Literal .
        :x :p 2004 ; :q "text" , "Text"@en , "2026-11-22T00:00:00Z"^^xsd:dateTime , true , 2.5 .
    """) == set()


def test_a_gyear_range_a_gyear_literal_and_a_date_annotation_are_caught() -> None:
    found = _foreign("""
        :year a owl:DatatypeProperty ; rdfs:range xsd:gYear .
        :x :year "2004"^^xsd:gYear .
        <http://example.org/o> a owl:Ontology ; :created "2026-11-22"^^xsd:date .
    """)
    assert found == {
        (XSD_NS + "gYear", str(rns.RDFS.range)),
        (XSD_NS + "gYear", "http://example.org/year"),
        (XSD_NS + "date", "http://example.org/created"),
    }


def test_a_gyear_in_a_data_restriction_is_caught() -> None:
    found = _foreign("""
        :Old owl:equivalentClass [ a owl:Restriction ; owl:onProperty :year ;
            owl:someValuesFrom xsd:gYear ] .
    """)
    assert found == {(XSD_NS + "gYear", str(rns.OWL.someValuesFrom))}


def test_a_declared_datatype_needs_a_definition() -> None:
    declared = """
        :code a owl:DatatypeProperty ; rdfs:range :Nuts .
        :Nuts a rdfs:Datatype .
        :x :code "DEA"^^:Nuts .
    """
    assert _foreign(declared) == {("http://example.org/Nuts", str(rns.RDFS.range)),
                                  ("http://example.org/Nuts", "http://example.org/code")}
    defined = declared + ":Nuts owl:equivalentClass xsd:string ."
    assert _foreign(defined) == set()


def test_a_use_names_the_subject_that_makes_it() -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/x"), URIRef("http://example.org/p"),
               Literal("2004", datatype=URIRef(XSD_NS + "gYear"))))
    assert [str(u.subject) for u in foreign_datatypes(graph)] == ["http://example.org/x"]
