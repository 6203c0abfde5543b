"""Provenance of facts a curator accepted from candidates: which method proposed them and
who accepted them, when (``data/review/decisions.yaml``, written by ``s3kg review``).

Every assertion about an entity or figure an acceptance wrote gets
``prov:wasGeneratedBy`` both the proposing method and the review::

    id:assertion/H prov:wasGeneratedBy id:method/organisations-pattern , id:review/R .
    id:review/R a prov:Activity ; rdfs:label "review of a candidate"@en ;
        prov:used id:annotation/A ; prov:wasAssociatedWith id:reviewer/ada ;
        prov:endedAtTime "2026-12-03T00:00:00Z"^^xsd:dateTime .
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from s3kg.curation.review import Decision
from s3kg.curation.terms import entity_iri
from s3kg.vocab.namespaces import ID


def method_iri(method: str) -> URIRef:
    """The activity of an extractor rule (``organisations:pattern`` -> ``id:method/…``)."""
    return ID[f"method/{re.sub(r'[^a-z0-9]+', '-', method.lower()).strip('-')}"]


def add_review_provenance(provenance: Graph, decisions: Iterable[Decision]) -> int:
    """Mark the assertions about accepted records; returns how many were marked."""
    marked = 0
    for decision in decisions:
        if decision.verdict != "accepted" or not decision.records:
            continue
        review, method = _review(provenance, decision), method_iri(decision.method)
        provenance.add((method, RDF.type, PROV.Activity))
        provenance.add((method, RDFS.label, Literal(decision.method)))
        for record in decision.records:
            for assertion in provenance.subjects(RDF.subject, entity_iri(record)):
                provenance.add((assertion, PROV.wasGeneratedBy, method))
                provenance.add((assertion, PROV.wasGeneratedBy, review))
                marked += 1
    return marked


def _review(graph: Graph, decision: Decision) -> URIRef:
    digest = hashlib.sha256(decision.annotation.encode()).hexdigest()[:20]
    node = ID[f"review/{digest}"]
    reviewer = ID[f"reviewer/{re.sub(r'[^a-z0-9]+', '-', decision.reviewer.lower()).strip('-')}"]
    graph.add((node, RDF.type, PROV.Activity))
    graph.add((node, RDFS.label, Literal("review of a candidate", lang="en")))
    graph.add((node, PROV.used, URIRef(decision.annotation)))
    graph.add((node, PROV.wasAssociatedWith, reviewer))
    when = Literal(f"{decision.date}T00:00:00Z", datatype=XSD.dateTime)
    graph.add((node, PROV.endedAtTime, when))
    graph.add((reviewer, RDF.type, PROV.Agent))
    graph.add((reviewer, RDFS.label, Literal(decision.reviewer)))
    return node
