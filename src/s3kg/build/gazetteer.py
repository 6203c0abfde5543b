"""Entity mentions: find the graph's own labels and aliases in every document.

Names shorter than five characters (USA, IBM, RTI) match case-sensitively, longer ones
case-insensitively; matches respect word boundaries and the longest name wins where names
overlap. A name shared by two entities is skipped rather than guessed (precision first) and
reported in the build summary. Labels that would tag generic words — "Products", or a
lower-case frequent English word such as "food", "paper" or "percent" — are not looked for
(``s3kg.extract.names.generic_label``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from s3kg.build.provenance import Evidence, ProvenanceRecorder
from s3kg.corpus.reader import Document
from s3kg.extract.names import generic_label
from s3kg.vocab.namespaces import ID, OA, S3KG

# Entities whose labels are sentences taken from the documents themselves: matching them
# would only find their own source.
_NOT_GAZETTEER = (S3KG.Factor, S3KG.Precondition, S3KG.SuccessFactor, S3KG.CompetitivenessFactor,
                  S3KG.Barrier, S3KG.Interest, S3KG.ClusteringEffect, S3KG.MicroEffect,
                  S3KG.MacroEffect, S3KG.Figure, S3KG.ClusterBenefit,
                  S3KG.SmartSpecialisationPrinciple, S3KG.SourceDocument)  # fmt: skip
_CASE_SENSITIVE_BELOW = 5


@dataclass
class Gazetteer:
    names: dict[str, URIRef] = field(default_factory=dict)
    ambiguous: dict[str, set[URIRef]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Gazetteer:
        excluded = {s for t in _NOT_GAZETTEER for s in graph.subjects(RDF.type, t)}
        owners: dict[str, set[URIRef]] = defaultdict(set)
        for prop in (RDFS.label, SKOS.altLabel):
            for subject, label in graph.subject_objects(prop):
                if (
                    isinstance(subject, URIRef)
                    and subject not in excluded
                    and isinstance(label, Literal)
                ):
                    name = " ".join(str(label).split())
                    if len(name) >= 3 and not generic_label(name):
                        owners[_key(name)].add(subject)
        gaz = cls()
        for key, entities in sorted(owners.items()):
            if len(entities) == 1:
                gaz.names[key] = next(iter(entities))
            else:
                gaz.ambiguous[key] = entities
        return gaz

    def digest(self) -> str:
        """Changes exactly when what the gazetteer finds may change (a cache key)."""
        entries = sorted((key, str(iri)) for key, iri in self.names.items())
        return hashlib.sha256(repr(entries).encode()).hexdigest()[:32]

    def find(self, text: str) -> Iterable[tuple[int, int, URIRef]]:
        if not self.names:
            return
        for pattern in self._patterns():
            yield from (
                (m.start(), m.end(), self.names[_key(m.group(0))]) for m in pattern.finditer(text)
            )

    def _patterns(self) -> list[re.Pattern[str]]:
        by_length = sorted(self.names, key=lambda n: (-len(n), n))
        short = [n for n in by_length if len(n) < _CASE_SENSITIVE_BELOW]
        long = [n for n in by_length if len(n) >= _CASE_SENSITIVE_BELOW]
        patterns = []
        if long:
            patterns.append(re.compile(_alternation(long), re.IGNORECASE))
        if short:
            patterns.append(re.compile(_alternation(short)))
        return patterns


def _key(name: str) -> str:
    return name if len(name) < _CASE_SENSITIVE_BELOW else name.casefold()


def _alternation(names: list[str]) -> str:
    return r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)"


def add_mentions(
    gazetteer: Gazetteer,
    docs: list[Document],
    graph: Graph,
    documents: Mapping[str, URIRef],
    provenance: Graph | None = None,
) -> int:
    """Write Mention annotations and ``s3kg:mentions`` shortcuts; returns the count.

    A mention whose text is already an evidence span of ``provenance`` targets that span as
    it is (with its curated locator); only spans nothing describes yet are added to ``graph``.
    """
    texts = {d.key: d.text for d in docs}
    known = () if provenance is None else (provenance,)
    recorder = ProvenanceRecorder(graph, documents, texts, described=known)
    count = 0
    for doc in docs:
        for start, end, entity in _longest_first(gazetteer.find(doc.text)):
            block = next(b.number for b in doc.blocks if b.span.start <= start < b.span.end + 1)
            span = recorder.span(Evidence(doc.key, start, end, f"{doc.key}:p{block}", block))
            digest = hashlib.sha256(f"{doc.key} {start} {end} {entity}".encode()).hexdigest()[:20]
            mention = ID[f"mention/{digest}"]
            graph.add((mention, RDF.type, S3KG.Mention))
            graph.add((mention, OA.motivatedBy, OA.identifying))
            graph.add((mention, OA.hasBody, entity))
            graph.add((mention, OA.hasTarget, span))
            graph.add((documents[doc.key], S3KG.mentions, entity))
            graph.add((URIRef(f"{documents[doc.key]}/p{block}"), S3KG.mentions, entity))
            count += 1
    return count


def _longest_first(matches: Iterable[tuple[int, int, URIRef]]) -> list[tuple[int, int, URIRef]]:
    """Drop matches inside a longer match (case-sensitive and -insensitive passes overlap)."""
    kept: list[tuple[int, int, URIRef]] = []
    for start, end, entity in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, entity))
    return kept
