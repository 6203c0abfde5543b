"""Datatypes: how s3kg writes years, and which datatypes OWL 2 DL tools accept.

OWL 2 reasoners such as HermiT accept exactly the datatypes of the OWL 2 datatype map
(OWL 2 Structural Specification, section 4) and refuse an ontology or data that uses any
other. ``xsd:gYear`` and ``xsd:date`` are not in the map, so years are ``xsd:integer``
(``YEAR``) everywhere: the ontology's ranges, the shapes, what the build writes
(``year_literal``) and ``year`` query parameters. A year then compares and sorts as a number
in SPARQL (``FILTER (?year >= 2010)``, ``ORDER BY ?year``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

YEAR = XSD.integer
"""The datatype of every year s3kg writes (founding, reference and period years...)."""

_XSD_MAP = (
    # numbers
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
    "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte", "double", "float",
    # strings
    "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
    # the rest
    "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp",
)  # fmt: skip
OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    {XSD[name] for name in _XSD_MAP}
    | {OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal}
)
"""The OWL 2 datatype map, plus ``rdfs:Literal`` (the universal data range)."""


def year_literal(value: object) -> Literal:
    """A year as ``YEAR``, in canonical form (``987``, not ``0987``, so equal years match).

    ``ValueError`` if ``value`` (an int or its digits) is not a whole number.
    """
    return Literal(int(str(value).strip()), datatype=YEAR)


@dataclass(frozen=True)
class DatatypeUse:
    """A datatype outside the OWL 2 map, and the triple that uses it."""

    datatype: URIRef
    subject: Node
    predicate: URIRef


def foreign_datatypes(graph: Graph) -> Iterator[DatatypeUse]:
    """Every use of a datatype outside the OWL 2 map: as the type of a literal, as the range
    of a property (a declared ``rdfs:Datatype``), or any XML Schema IRI anywhere.

    A datatype the graph defines (``rdfs:Datatype`` with ``owl:equivalentClass``) is allowed:
    HermiT accepts those. A merely declared one is not, since HermiT refuses it.
    """
    declared = set(graph.subjects(RDF.type, RDFS.Datatype))
    defined = {d for d in declared if graph.value(d, OWL.equivalentClass) is not None}
    allowed = OWL2_DATATYPES | defined
    for s, p, o in graph:
        used = [_literal_type(o), *(t for t in (s, o) if _in_xsd(t))]
        if p == RDFS.range and o in declared:
            used.append(o)
        for datatype in used:
            if isinstance(datatype, URIRef) and datatype not in allowed:
                yield DatatypeUse(datatype, s, URIRef(str(p)))


def _literal_type(term: Node) -> URIRef | None:
    # rdflib leaves plain and language-tagged literals untyped (xsd:string, rdf:langString).
    return term.datatype if isinstance(term, Literal) else None


def _in_xsd(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(XSD))
