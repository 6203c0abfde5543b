"""Entities the graph already has: curated ones (facts graph) and imported cluster data.

Their labels, preferred and alternative labels become a lexicon (found in documents like
``build/gazetteer.py`` finds them) and the name lists the resolver compares candidates with.
Labels that are generic words ("Products", "Innovation") or lower-case frequent English
words ("food", "paper") are left out: matched alone they tag words, not the entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from s3kg.extract.context import Known
from s3kg.extract.lexicon import Entry
from s3kg.extract.names import generic_label
from s3kg.extract.text import name_key
from s3kg.vocab.namespaces import ID, S3KG

ORG = "http://www.w3.org/ns/org#"
# The kind of organisation each class stands for (the organisations extractor's kinds).
ORG_KINDS = {
    ORG + "Organization": "organisation",
    ORG + "FormalOrganization": "organisation",
    str(S3KG.ClusterOrganisation): "cluster organisation",
    str(S3KG.Company): "company",
    str(S3KG.SME): "company",
    str(S3KG.AcademicOrganisation): "university",
    str(S3KG.University): "university",
    str(S3KG.ResearchInstitute): "research institute",
    str(S3KG.PublicAuthority): "public authority",
    str(S3KG.Investor): "financial institution",
    str(S3KG.VentureFund): "financial institution",
    str(S3KG.SupportOrganisation): "development agency",
    str(S3KG.Association): "association",
    str(S3KG.MediaOrganisation): "company",
}
PLACE_KINDS = {
    str(S3KG.Country): "country",
    str(S3KG.Region): "region",
    str(S3KG.City): "city",
    str(S3KG.Site): "site",
    str(S3KG.SpecialEconomicZone): "site",
}
_LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


def category_of(type_iri: str) -> tuple[str, str] | None:
    """(category, kind) of an entity of class ``type_iri``; None for other classes."""
    if type_iri.startswith(str(S3KG)) and type_iri.endswith("Cluster"):
        return "cluster", "cluster"
    if type_iri in ORG_KINDS:
        return "organisation", ORG_KINDS[type_iri]
    if type_iri in PLACE_KINDS:
        return "place", PLACE_KINDS[type_iri]
    if type_iri == str(S3KG.Sector):
        return "sector", "sector"
    return None


def known_entities(graphs: Iterable[Graph]) -> list[tuple[str, Entry]]:
    """(label, entry) of every cluster, organisation, place and sector of ``graphs``."""
    found = []
    for graph in graphs:
        for subject, category, kind in _typed(graph):
            country = _country(graph, subject)
            for prop in _LABELS:
                for label in graph.objects(subject, prop):
                    name = " ".join(str(label).split()) if isinstance(label, Literal) else ""
                    if len(name) < 3 or generic_label(name):
                        continue
                    entry = Entry(
                        name,
                        kind,
                        (("entity", str(subject)),),
                        country or None,
                        exact=len(name) < 5,
                        category=category,
                    )
                    found.append((name, entry))
    return sorted(set(found), key=lambda pair: (pair[0], pair[1].links))


def known_names(entries: list[tuple[str, Entry]]) -> Known:
    by_category: dict[str, set[tuple[str, str, str]]] = {}
    for name, entry in entries:
        iri = entry.links[0][1]
        key = name_key(name)  # compared as keys: resolve.py never normalises them again
        by_category.setdefault(entry.category, set()).add((key, iri, entry.country or ""))
    return {category: tuple(sorted(names)) for category, names in sorted(by_category.items())}


def _typed(graph: Graph) -> Iterator[tuple[URIRef, str, str]]:
    """Entities once each, with the most specific (category, kind) their types give."""
    best: dict[URIRef, tuple[str, str]] = {}
    for subject, type_iri in graph.subject_objects(RDF.type):
        found = category_of(str(type_iri))
        if isinstance(subject, URIRef) and found is not None:
            current = best.get(subject)
            if current is None or current[1] in ("organisation", "cluster"):
                best[subject] = found
    for subject in sorted(best):
        yield subject, *best[subject]


def _country(graph: Graph, subject: URIRef) -> str:
    """The ISO alpha-2 code of where an entity is (its id or its locatedIn, one step up)."""
    for place in (subject, *graph.objects(subject, S3KG.locatedIn)):
        local = str(place)[len(str(ID)) :] if str(place).startswith(str(ID)) else ""
        kind, _, code = local.partition("/")
        if kind in ("country", "region") and code[:2].isalpha():
            return code[:2].upper()
    return ""
