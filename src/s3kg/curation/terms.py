"""Resolving the compact names used in curated data files to IRIs, against the ontology.

Only terms the ontology defines or declares are accepted, so a misspelt class or property in
a data file stops the build instead of minting a new IRI. The ontology's declaration also
tells whether a property takes an entity or a literal, and which datatype.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from s3kg.errors import InputError
from s3kg.vocab.datatypes import YEAR, year_literal
from s3kg.vocab.namespaces import ID, S3KG
from s3kg.vocab.prefixes import PREFIXES

# External datatype properties whose range the ontology may not state (we do not redefine
# other vocabularies), with the datatype our data uses for them.
_EXTERNAL_RANGES = {
    "http://purl.org/dc/terms/issued": YEAR,
    "http://purl.org/ontology/bibo/doi": XSD.string,
    "http://purl.org/ontology/bibo/volume": XSD.string,
    "http://purl.org/ontology/bibo/issue": XSD.string,
    "http://purl.org/ontology/bibo/pageStart": XSD.string,
    "http://purl.org/ontology/bibo/pageEnd": XSD.string,
    "http://www.w3.org/2004/02/skos/core#notation": XSD.string,
}
# RDF(S)/OWL terms every data file may use although no ontology declares them.
_BUILTINS = {
    RDFS.label: OWL.AnnotationProperty,
    RDFS.comment: OWL.AnnotationProperty,
    RDFS.seeAlso: OWL.ObjectProperty,
    OWL.sameAs: OWL.ObjectProperty,
}
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$")


def is_entity_id(value: object) -> bool:
    """True for data ids such as ``cluster/samara-aerospace``."""
    return isinstance(value, str) and bool(_ID_PATTERN.match(value))


def entity_iri(entity_id: str) -> URIRef:
    if not is_entity_id(entity_id):
        raise InputError(f"not a valid entity id: {entity_id!r} (expected type/slug)")
    return ID[entity_id]


@dataclass(frozen=True)
class Vocabulary:
    """The set of terms the ontology knows, with their kinds."""

    ontology: Graph

    @cached_property
    def _kinds(self) -> dict[URIRef, URIRef]:
        kinds: dict[URIRef, URIRef] = {}
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
            for term in self.ontology.subjects(RDF.type, kind):
                if isinstance(term, URIRef):
                    kinds.setdefault(term, kind)
        for builtin, kind in _BUILTINS.items():
            kinds.setdefault(builtin, kind)
        return kinds

    def term(self, name: str, expected: URIRef | None = None) -> URIRef:
        """IRI of ``name`` (``Cluster``, ``s3kg:locatedIn``, ``org:hasMember``)."""
        iri = self._expand(name)
        kind = self._kinds.get(iri)
        if kind is None:
            raise InputError(f"unknown term {name!r}: not defined or declared in the ontology")
        if expected is not None and (kind == OWL.Class) != (expected == OWL.Class):
            what = "a class" if expected == OWL.Class else "a property"
            raise InputError(f"term {name!r} is not {what}")
        return iri

    def kind(self, iri: URIRef) -> URIRef:
        return self._kinds[iri]

    def literal(self, prop: URIRef, value: object) -> Literal:
        """A typed literal for ``value`` as the object of ``prop``."""
        datatype = self.ontology.value(prop, RDFS.range) or _EXTERNAL_RANGES.get(str(prop))
        if isinstance(value, bool):
            return Literal(value)
        if datatype == YEAR:
            return _whole_number(prop, value)
        if (
            isinstance(datatype, URIRef)
            and str(datatype).startswith(str(XSD))
            and datatype not in (XSD.string,)
        ):
            return Literal(value, datatype=datatype)
        if isinstance(value, int):
            return Literal(value, datatype=XSD.integer)
        if isinstance(value, float):
            return Literal(str(value), datatype=XSD.decimal)
        if datatype == XSD.string:
            return Literal(str(value))
        return Literal(str(value), lang="en")

    def takes_entity(self, prop: URIRef) -> bool:
        return self._kinds.get(prop) == OWL.ObjectProperty

    @staticmethod
    def _expand(name: str) -> URIRef:
        if ":" not in name:
            return S3KG[name] if name in S3KG.__annotations__ else URIRef(str(S3KG._NS) + name)
        prefix, local = name.split(":", 1)
        if prefix not in PREFIXES:
            raise InputError(f"unknown prefix in {name!r}; known: {', '.join(sorted(PREFIXES))}")
        return URIRef(PREFIXES[prefix] + local)


def _whole_number(prop: URIRef, value: object) -> Literal:
    """Years (the ontology's xsd:integer ranges) in canonical form, so equal years match."""
    try:
        return year_literal(value)
    except ValueError as err:
        raise InputError(f"{prop.n3()} takes a whole number such as a year, not {value!r}") from err
