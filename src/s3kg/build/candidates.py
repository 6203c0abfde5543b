"""The candidates graph: what the extractors propose, as Web Annotations for a curator.

Pattern (queried by ``queries/candidates/by_document.rq``)::

    id:annotation/H a s3kg:Candidate ;                     # an oa:Annotation
        oa:motivatedBy oa:identifying ;                     # oa:classifying for sectors
        oa:hasTarget id:span/102-1200-1220 ;                # the same span pattern as facts
        oa:hasBody id:candidate/cluster/hsinchu-science-park ;   # or an entity the graph has
        prov:wasGeneratedBy id:method/clusters-named ;
        s3kg:confidence 0.85 ; s3kg:proposedKind "cluster" ;
        s3kg:proposedIdentifier "iso3166-1:TW" ;
        [ s3kg:proposedMemberOf <cluster> ] .
    id:candidate/cluster/hsinchu-science-park a s3kg:ProposedEntity ;
        rdfs:label "Hsinchu Science Park"@en ; s3kg:proposedType s3kg:Cluster .
    id:method/clusters-named a prov:Activity ; rdfs:label "clusters:named" .

A proposed entity is typed ``s3kg:ProposedEntity``, not ``s3kg:Cluster``: queries over the
union of the graphs (the default graph) then never count a proposal as a cluster, and the
shapes for curated clusters do not apply to it. Spans the provenance graph already describes
are reused as they are (``ProvenanceRecorder`` with ``described``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from s3kg.build.provenance import Evidence, ProvenanceRecorder
from s3kg.build.reviewed import method_iri
from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.vocab.namespaces import ID, OA, S3KG

ORG = "http://www.w3.org/ns/org#"
_CLASSES = {
    ("cluster", None): S3KG.Cluster,
    ("organisation", None): URIRef(ORG + "Organization"),
    ("organisation", "company"): S3KG.Company,
    ("organisation", "university"): S3KG.University,
    ("organisation", "research institute"): S3KG.ResearchInstitute,
    ("organisation", "public authority"): S3KG.PublicAuthority,
    ("organisation", "development agency"): S3KG.SupportOrganisation,
    ("organisation", "cluster organisation"): S3KG.ClusterOrganisation,
    ("organisation", "financial institution"): S3KG.Investor,
    ("organisation", "association"): S3KG.Association,
    ("place", "country"): S3KG.Country,
    ("place", "region"): S3KG.Region,
    ("place", "city"): S3KG.City,
    ("place", None): S3KG.Place,
    ("sector", None): S3KG.Sector,
    ("instrument", None): S3KG.PolicyInstrument,
    ("factor", "success factor"): S3KG.SuccessFactor,
    ("factor", "precondition"): S3KG.Precondition,
    ("factor", "barrier"): S3KG.Barrier,
    ("factor", None): S3KG.Factor,
    ("figure", None): S3KG.Figure,
}
# What a figure candidate proposes (Candidate.values), as properties of the annotation.
_FIGURE_VALUES = {
    "value": (S3KG.proposedValue, XSD.decimal),
    "unit": (S3KG.proposedUnit, XSD.string),
    "year": (S3KG.proposedYear, XSD.integer),
    "measure": (S3KG.proposedMeasure, XSD.string),
}
_NOT_IDENTIFIERS = frozenset({"entity", "candidate", "member-of"})


def add_candidates(
    candidates: list[Candidate],
    doc: Document,
    graph: Graph,
    documents: Mapping[str, URIRef],
    provenance: Graph | None = None,
    decided: Collection[str] = (),
    also_described: Graph | None = None,
) -> int:
    """Write ``doc``'s candidates into ``graph``, but those a curator ``decided`` (by their
    annotation IRIs: accepted ones are facts now, rejected ones must not come back)."""
    candidates = [c for c in candidates if str(annotation_iri(c)) not in decided]
    known = tuple(g for g in (provenance, also_described) if g is not None)
    recorder = ProvenanceRecorder(graph, documents, {doc.key: doc.text}, described=known)
    for candidate in candidates:
        block = next(
            b.number for b in doc.blocks if b.span.start <= candidate.start < b.span.end + 1
        )
        span = recorder.span(
            Evidence(doc.key, candidate.start, candidate.end, f"{doc.key}:p{block}", block)
        )
        _annotation(graph, candidate, span)
    return len(candidates)


def body_of(candidate: Candidate) -> URIRef:
    """The entity a candidate names: the graph's (``entity``) or the proposed one."""
    links = dict(candidate.links)
    return URIRef(links.get("entity") or links["candidate"])


def proposed_type(candidate: Candidate) -> URIRef:
    key = (candidate.category, candidate.kind)
    return _CLASSES.get(key) or _CLASSES[(candidate.category, None)]


def annotation_iri(candidate: Candidate) -> URIRef:
    """Stable while the document's text is: decisions on candidates are kept by it."""
    body = body_of(candidate)
    key = f"{candidate.doc_key} {candidate.start} {candidate.end} {candidate.category} {body}"
    return ID[f"annotation/{hashlib.sha256(key.encode()).hexdigest()[:20]}"]


def _annotation(graph: Graph, candidate: Candidate, span: URIRef) -> None:
    body = body_of(candidate)
    node = annotation_iri(candidate)
    classifying = candidate.category == "sector"
    graph.add((node, RDF.type, S3KG.Candidate))
    graph.add((node, OA.motivatedBy, OA.classifying if classifying else OA.identifying))
    graph.add((node, OA.hasTarget, span))
    graph.add((node, OA.hasBody, body))
    graph.add((node, PROV.wasGeneratedBy, _method(graph, candidate.method)))
    confidence = Decimal(str(candidate.confidence))
    graph.add((node, S3KG.confidence, Literal(confidence, datatype=XSD.decimal)))
    if candidate.kind:
        graph.add((node, S3KG.proposedKind, Literal(candidate.kind)))
    for scheme, value in candidate.links:
        if scheme == "member-of":
            graph.add((node, S3KG.proposedMemberOf, URIRef(value)))
        elif scheme not in _NOT_IDENTIFIERS:
            graph.add((node, S3KG.proposedIdentifier, Literal(f"{scheme}:{value}")))
    _figure_values(graph, node, candidate)
    if "candidate" in dict(candidate.links):
        graph.add((body, RDF.type, S3KG.ProposedEntity))
        graph.add((body, RDFS.label, Literal(candidate.label, lang="en")))
        graph.add((body, S3KG.proposedType, proposed_type(candidate)))


def _figure_values(graph: Graph, node: URIRef, candidate: Candidate) -> None:
    for name, value in candidate.values:
        if name in _FIGURE_VALUES and value:
            prop, datatype = _FIGURE_VALUES[name]
            if datatype != XSD.string and not _numeric(value, datatype):
                continue
            graph.add((node, prop, Literal(value, datatype=datatype)))


def _numeric(value: str, datatype: URIRef) -> bool:
    pattern = r"-?\d+" if datatype == XSD.integer else r"-?\d+(\.\d+)?"
    return re.fullmatch(pattern, value) is not None


def _method(graph: Graph, method: str) -> URIRef:
    node = method_iri(method)
    graph.add((node, RDF.type, PROV.Activity))
    graph.add((node, RDFS.label, Literal(method)))
    return node
