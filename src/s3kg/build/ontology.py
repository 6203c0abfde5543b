"""Loading the ontology and checking the quality rules every term must meet.

The checks are plain functions over an rdflib graph so that tests can feed them broken
ontologies and see them fail; ``s3kg check-ontology`` runs them on the real file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from s3kg.errors import InputError
from s3kg.vocab.datatypes import foreign_datatypes
from s3kg.vocab.namespaces import ONTOLOGY_IRI, S3KG

NS = str(S3KG._NS)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
HEADER_PROPERTIES = (
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.license,
    DCTERMS.creator,
    DCTERMS.created,
    OWL.versionIRI,
    OWL.versionInfo,
    VANN.preferredNamespacePrefix,
    VANN.preferredNamespaceUri,
)
# Declaring an external term (rdf:type owl:Class etc.) is allowed; saying anything else
# about it would redefine another vocabulary.
_DECLARATION_TYPES = frozenset((*TERM_TYPES, OWL.NamedIndividual))
_UPPER_CAMEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_LOWER_CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")


@dataclass(frozen=True)
class Problem:
    """One violation of a quality rule, with the term it concerns."""

    rule: str
    term: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.term}: {self.message}"


def load_ontology(path: Path) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise InputError(f"ontology file not found: {path}") from err
    except Exception as err:  # rdflib raises several parser-specific types
        raise InputError(f"cannot parse ontology {path}: {err}") from err


def own_terms(graph: Graph) -> dict[URIRef, URIRef]:
    """Our classes and properties, each with its declared OWL type."""
    terms: dict[URIRef, URIRef] = {}
    for kind in TERM_TYPES:
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and str(term).startswith(NS):
                terms[term] = kind
    return terms


def check_header(graph: Graph) -> Iterator[Problem]:
    if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in graph:
        yield Problem("header", str(ONTOLOGY_IRI), "no owl:Ontology with this IRI")
        return
    for prop in HEADER_PROPERTIES:
        if graph.value(ONTOLOGY_IRI, prop) is None:
            yield Problem("header", str(ONTOLOGY_IRI), f"missing {graph.qname(prop)}")


def _english(graph: Graph, term: URIRef, prop: URIRef) -> list[Literal]:
    return [o for o in graph.objects(term, prop) if isinstance(o, Literal) and o.language == "en"]


def check_terms(graph: Graph) -> Iterator[Problem]:
    for term, kind in sorted(own_terms(graph).items()):
        name = str(term)[len(NS) :]
        for prop, label in ((RDFS.label, "English label"), (SKOS.definition, "English definition")):
            count = len(_english(graph, term, prop))
            if count != 1:
                yield Problem("annotation", name, f"has {count} {label}s, needs exactly 1")
        pattern = _UPPER_CAMEL if kind == OWL.Class else _LOWER_CAMEL
        if not pattern.match(name):
            style = "UpperCamelCase" if kind == OWL.Class else "lowerCamelCase"
            yield Problem("naming", name, f"{kind.fragment} names must be {style}")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in graph:
            yield Problem("isDefinedBy", name, "missing rdfs:isDefinedBy the ontology")


def check_properties(graph: Graph) -> Iterator[Problem]:
    """Object and datatype properties need a range (domains are optional: many are shared)."""
    for term, kind in sorted(own_terms(graph).items()):
        if kind == OWL.DatatypeProperty and graph.value(term, RDFS.range) is None:
            yield Problem("range", str(term)[len(NS) :], "datatype property without rdfs:range")


def check_no_redefinition(graph: Graph) -> Iterator[Problem]:
    for s, p, o in graph:
        if not isinstance(s, URIRef) or str(s).startswith(NS) or s == ONTOLOGY_IRI:
            continue
        if str(s).startswith("https://w3id.org/s3kg/id/"):
            continue  # anchors of our own data IRIs used by defined classes
        if p == RDF.type and o in _DECLARATION_TYPES:
            continue
        yield Problem("redefinition", str(s), f"external term given {graph.qname(str(p))}")


def check_datatypes(graph: Graph) -> Iterator[Problem]:
    """Only datatypes of the OWL 2 datatype map: HermiT (in Protégé too) refuses any other."""
    names = graph.namespace_manager
    for use in foreign_datatypes(graph):
        yield Problem(
            "datatype",
            str(use.subject),
            f"{use.datatype.n3(names)} (in its {use.predicate.n3(names)}) is not in the "
            "OWL 2 datatype map; years are xsd:integer, instants xsd:dateTime",
        )


def check_all(graph: Graph) -> list[Problem]:
    return [
        *check_header(graph),
        *check_terms(graph),
        *check_properties(graph),
        *check_no_redefinition(graph),
        *check_datatypes(graph),
    ]
