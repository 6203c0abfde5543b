"""The committed ontology uses only datatypes of the OWL 2 datatype map, so that HermiT (and
Protégé with HermiT) accepts it as it is; re-adding ``xsd:gYear`` makes these tests fail."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib.namespace as rns
from rdflib import Graph, Literal

from s3kg.build.ontology import check_all, check_datatypes
from s3kg.config import Settings
from s3kg.vocab.datatypes import OWL2_DATATYPES

# Not `XSD` itself: pytest would probe the namespace for test attributes and warn.
XSD_NS, OWL_NS, RDF_NS = str(rns.XSD), str(rns.OWL), str(rns.RDF)
RDFS_LITERAL = str(rns.RDFS.Literal)

# The OWL 2 datatype map as the OWL 2 Structural Specification (section 4) lists it, written
# out here rather than taken from the package so that the test does not trust the code.
OWL2_MAP = {
    OWL_NS + "real", OWL_NS + "rational",
    *(XSD_NS + n for n in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
        "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
        "base64Binary", "anyURI", "dateTime", "dateTimeStamp")),
    RDF_NS + "PlainLiteral", RDF_NS + "XMLLiteral", RDF_NS + "langString",
}  # fmt: skip
ONTOLOGY_FILE: Path = Settings().ontology_file

SMALL_FIXTURE = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix s3kg: <https://w3id.org/s3kg/ontology#> .
s3kg:foundingYear a owl:DatatypeProperty ; rdfs:range xsd:gYear .
<https://w3id.org/s3kg/id/cluster/x> s3kg:foundingYear "2004"^^xsd:gYear .
"""


def outside_the_map(graph: Graph) -> set[str]:
    """Datatypes outside the OWL 2 map among the graph's literals and datatype ranges."""
    used = {
        str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype
    }
    used |= {
        str(r)
        for p in graph.subjects(rns.RDF.type, rns.OWL.DatatypeProperty)
        for r in graph.objects(p, rns.RDFS.range)
    }
    return used - OWL2_MAP - {RDFS_LITERAL}


def test_the_package_knows_the_same_map() -> None:
    assert {str(d) for d in OWL2_DATATYPES} == OWL2_MAP | {RDFS_LITERAL}


def test_the_committed_ontology_uses_only_owl2_datatypes() -> None:
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")  # the file as committed
    assert outside_the_map(graph) == set()
    assert [str(p) for p in check_datatypes(graph)] == []
    ranges = {
        str(r)
        for p in graph.subjects(rns.RDF.type, rns.OWL.DatatypeProperty)
        for r in graph.objects(p, rns.RDFS.range)
    }
    assert XSD_NS + "integer" in ranges  # the years


def test_a_small_graph_with_gyear_fails_both_checks() -> None:
    graph = Graph().parse(data=SMALL_FIXTURE, format="turtle")
    assert outside_the_map(graph) == {XSD_NS + "gYear"}
    problems = list(check_datatypes(graph))
    assert {(p.rule, p.term) for p in problems} == {
        ("datatype", "https://w3id.org/s3kg/ontology#foundingYear"),
        ("datatype", "https://w3id.org/s3kg/id/cluster/x"),
    }
    assert all("xsd:gYear" in p.message for p in problems)


@pytest.mark.parametrize(
    ("committed", "regressed", "datatype"),
    [
        ("rdfs:range xsd:integer ;", "rdfs:range xsd:gYear ;", "gYear"),
        ('"2026-11-22T00:00:00Z"^^xsd:dateTime', '"2026-11-22"^^xsd:date', "date"),
    ],
    ids=["gYear-range", "date-literal"],
)
def test_putting_a_calendar_type_back_into_the_ontology_is_caught(
    committed: str, regressed: str, datatype: str
) -> None:
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    assert committed in text
    graph = Graph().parse(data=text.replace(committed, regressed, 1), format="turtle")
    assert outside_the_map(graph) == {XSD_NS + datatype}
    assert [p.rule for p in check_all(graph)] == ["datatype"]

