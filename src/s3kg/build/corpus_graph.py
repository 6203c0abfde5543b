"""The corpus graph: each document, its hash, keywords, DOI and its parsed reference list.

The located parts of each document (paragraphs, sections, tables...) are made one document at
a time by ``s3kg.build.parts``; reference lists are made here, as cited works are shared
across documents.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO

from s3kg.build.emitter import Emitter, literal_en
from s3kg.build.parts import add_part
from s3kg.corpus.citations import Work, group_works
from s3kg.corpus.reader import Document, TextSpan
from s3kg.vocab.datatypes import year_literal
from s3kg.vocab.namespaces import BIBO, CITO, ID, S3KG


class CorpusGraph:
    def __init__(self, graph: Graph, emitter: Emitter, documents: Mapping[str, URIRef]):
        self.graph = graph
        self.emitter = emitter
        self.documents = documents

    def add(self, docs: list[Document]) -> None:
        for doc in docs:
            self._document(doc)
        works = group_works({doc.key: doc.references for doc in docs})
        for work in works:
            self._work(work)
        self._references(docs, works)

    def _document(self, doc: Document) -> None:
        g, iri = self.graph, self.documents[doc.key]
        g.add((iri, RDF.type, S3KG.SourceDocument))
        g.add((iri, S3KG.contentHash, Literal(f"sha256:{doc.sha256}")))
        g.add((iri, S3KG.fileName, Literal(doc.path.name)))
        for keyword in doc.keywords:
            where = self.emitter.span_evidence(doc.key, keyword, f"{doc.key}:keywords")
            self.emitter.emit(g, (iri, SDO.keywords, literal_en(keyword.text.strip("*. "))), where)
        if doc.doi:
            where = self.emitter.span_evidence(doc.key, _find(doc, doc.doi), f"{doc.key}:doi")
            self.emitter.emit(g, (iri, BIBO.doi, Literal(doc.doi)), where)

    def _work(self, work: Work) -> None:
        g, node = self.graph, work_iri(work)
        g.add((node, RDF.type, S3KG.CitedWork))
        g.add((node, RDFS.label, Literal(work.title or work.url or work.slug)))
        if work.title:
            g.add((node, DCTERMS.title, Literal(work.title)))
        if work.year:
            g.add((node, DCTERMS.issued, year_literal(work.year)))
        if work.authors:
            g.add((node, S3KG.authorNames, Literal("; ".join(work.authors))))
        if work.container:
            g.add((node, S3KG.containerTitle, Literal(work.container)))
        if work.doi:
            g.add((node, BIBO.doi, Literal(work.doi)))

    def _references(self, docs: list[Document], works: list[Work]) -> None:
        by_citation = {c: w for w in works for c in w.citations}
        for doc in docs:
            for ref in doc.references:
                if ref.kind == "note":
                    self._note(doc, ref.position, ref.span)
                    continue
                work = work_iri(by_citation[(doc.key, ref.position)])
                node = add_part(
                    self.graph,
                    self.documents[doc.key],
                    doc.key,
                    f"ref-{ref.position}",
                    (S3KG.ReferenceEntry,),
                    ref.span,
                    ref.position,
                    ref.span.text,
                    self.documents[doc.key],
                )
                self.graph.add((node, S3KG.refersTo, work))
                self.graph.add((node, DCTERMS.bibliographicCitation, Literal(ref.span.text)))
                where = self.emitter.span_evidence(
                    doc.key, ref.span, f"{doc.key}:ref-{ref.position}"
                )
                self.emitter.emit(self.graph, (self.documents[doc.key], CITO.cites, work), where)

    def _note(self, doc: Document, position: int, span: TextSpan) -> None:
        """A footnote in prose under the reference heading: a located part, no cited work."""
        label = f"note {position}: {span.text}"
        document = self.documents[doc.key]
        add_part(self.graph, document, doc.key, f"ref-{position}", (S3KG.DocumentPart,), span,
                 position, label, document)  # fmt: skip


def work_iri(work: Work) -> URIRef:
    return ID[f"work/{work.slug}"]


def _find(doc: Document, needle: str) -> TextSpan:
    start = doc.text.lower().rfind(needle.lower())
    start = max(start, 0)
    return TextSpan(start, start + len(needle), doc.text[start : start + len(needle)])
