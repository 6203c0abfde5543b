"""Provenance: every asserted triple is traced to the located text it came from.

Pattern (documented in the README, queried by ``queries/provenance.rq``)::

    id:assertion/H  a rdf:Statement, s3kg:Assertion ;
        rdf:subject S ; rdf:predicate P ; rdf:object O ;
        prov:wasDerivedFrom <document> ;
        s3kg:evidence id:span/004-1200-1213 ;
        [ s3kg:validFrom 1999 ; prov:wasAttributedTo <person> ] .
    id:span/004-1200-1213  a oa:SpecificResource ;
        oa:hasSource <document> ; s3kg:locator "004:p46 \\"Samara region\\"" ;
        dcterms:isPartOf <document>/p46 ;
        oa:hasSelector id:span/004-1200-1213/position , id:span/004-1200-1213/quote .
    .../position a oa:TextPositionSelector ; oa:start 1200 ; oa:end 1213 .
    .../quote    a oa:TextQuoteSelector ; oa:exact "..." ; oa:prefix "..." ; oa:suffix "..." .

Statements are reified rather than put in one named graph each, so the facts stay in a few
graphs that any SPARQL server can query with or without a union default graph.

A span IRI names one text selection (document, start, end) and is described once, with one
locator: the first that reaches the selection. A recorder given other graphs (the mentions
graph is given the provenance graph) reuses the spans described there as they are, so no span
is described in two graphs, where a union default graph would repeat every answer about it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from s3kg.vocab.datatypes import year_literal
from s3kg.vocab.namespaces import ID, OA, S3KG

_CONTEXT = 32  # characters of prefix/suffix in a TextQuoteSelector


@dataclass(frozen=True)
class Evidence:
    """A resolved locator: where in which document a statement is made."""

    doc_key: str
    start: int
    end: int
    locator: str
    block: int


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def assertion_iri(triple: Triple) -> URIRef:
    key = " ".join(term.n3() for term in triple).encode("utf-8")
    return ID[f"assertion/{hashlib.sha256(key).hexdigest()[:24]}"]


def span_iri(evidence: Evidence) -> URIRef:
    return ID[f"span/{evidence.doc_key}-{evidence.start}-{evidence.end}"]


class ProvenanceRecorder:
    """Writes assertions and their evidence spans into one graph.

    Spans already described in ``graph`` or in one of ``described`` are reused, never
    described again: one span IRI, one description, one locator.
    """

    def __init__(
        self,
        graph: Graph,
        documents: Mapping[str, URIRef],
        texts: Mapping[str, str],
        described: Sequence[Graph] = (),
    ):
        self.graph = graph
        self._documents = documents
        self._texts = texts
        self._described = (graph, *described)

    def record(
        self,
        triple: Triple,
        evidence: Evidence,
        since: int | None = None,
        said_by: URIRef | None = None,
    ) -> URIRef:
        """Record that ``triple`` is stated at ``evidence``; returns the assertion IRI."""
        g = self.graph
        node = assertion_iri(triple)
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.type, S3KG.Assertion))
        g.add((node, RDF.subject, triple[0]))
        g.add((node, RDF.predicate, triple[1]))
        g.add((node, RDF.object, triple[2]))
        g.add((node, PROV.wasDerivedFrom, self._documents[evidence.doc_key]))
        g.add((node, S3KG.evidence, self.span(evidence)))
        if since is not None:
            g.add((node, S3KG.validFrom, year_literal(since)))
        if said_by is not None:
            g.add((node, PROV.wasAttributedTo, said_by))
        return node

    def span(self, evidence: Evidence) -> URIRef:
        """The Web Annotation specific resource for a located span (described once)."""
        g = self.graph
        node = span_iri(evidence)
        if any((node, RDF.type, OA.SpecificResource) in known for known in self._described):
            return node
        document = self._documents[evidence.doc_key]
        text = self._texts[evidence.doc_key]
        position, quote = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, document))
        g.add((node, S3KG.locator, Literal(evidence.locator)))
        g.add((node, DCTERMS.isPartOf, URIRef(f"{document}/p{evidence.block}")))
        g.add((node, OA.hasSelector, position))
        g.add((node, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(text[evidence.start : evidence.end])))
        prefix = text[max(0, evidence.start - _CONTEXT) : evidence.start]
        suffix = text[evidence.end : evidence.end + _CONTEXT]
        if prefix:
            g.add((quote, OA.prefix, Literal(prefix)))
        if suffix:
            g.add((quote, OA.suffix, Literal(suffix)))
        return node
