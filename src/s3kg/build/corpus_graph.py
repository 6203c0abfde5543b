"""The corpus graph: each document, its hash, located parts and its parsed reference list."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, XSD

from s3kg.build.emitter import Emitter, literal_en
from s3kg.corpus.citations import Work, group_works
from s3kg.corpus.reader import Document, TextSpan
from s3kg.vocab.datatypes import year_literal
from s3kg.vocab.namespaces import BIBO, CITO, DOCO, ID, OA, S3KG


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
        for block in doc.blocks:
            self._part(
                doc,
                f"p{block.number}",
                (S3KG.Paragraph,),
                block.span,
                block.number,
                f"block {block.number}",
                self._section_iri(doc, block.section),
            )
        for number, section in enumerate(doc.sections, 1):
            self._part(
                doc,
                f"section/{section.slug}",
                (S3KG.Section,),
                section.heading,
                number,
                section.heading.text,
                iri,
            )
        self._tables(doc)
        self._lists(doc)
        self._figures(doc)
        self._pages(doc)
        for keyword in doc.keywords:
            where = self.emitter.span_evidence(doc.key, keyword, f"{doc.key}:keywords")
            self.emitter.emit(g, (iri, SDO.keywords, literal_en(keyword.text.strip("*. "))), where)
        if doc.doi:
            where = self.emitter.span_evidence(doc.key, _find(doc, doc.doi), f"{doc.key}:doi")
            self.emitter.emit(g, (iri, BIBO.doi, Literal(doc.doi)), where)

    def _tables(self, doc: Document) -> None:
        for table in doc.tables:
            t = self._part(
                doc,
                f"table-{table.index}",
                (S3KG.Table,),
                table.title,
                table.index,
                f"Table {table.index}: {table.title.text}",
                self.documents[doc.key],
            )
            for row in table.rows:
                r = self._part(
                    doc,
                    f"table-{table.index}/row-{row.number}",
                    (S3KG.TableRow,),
                    row.cell if row.cell.text else row.label,
                    row.number,
                    row.label.text,
                    t,
                )
                for i, item in enumerate(row.items, 1):
                    self._part(
                        doc,
                        f"table-{table.index}/row-{row.number}/item-{i}",
                        (S3KG.ListItem,),
                        item,
                        i,
                        item.text,
                        r,
                    )

    def _lists(self, doc: Document) -> None:
        for numbered in doc.lists:
            first, last = numbered.items[0].span, numbered.items[-1].span
            span = TextSpan(first.start, last.end, doc.text[first.start : last.end])
            lst = self._part(
                doc,
                f"list-{numbered.index}",
                (S3KG.DocumentPart, DOCO.List),
                span,
                numbered.index,
                f"{numbered.kind} list {numbered.index}",
                self.documents[doc.key],
            )
            for item in numbered.items:
                self._part(
                    doc,
                    f"list-{numbered.index}/item-{item.number}",
                    (S3KG.ListItem,),
                    item.span,
                    item.number,
                    item.head.text,
                    lst,
                )

    def _figures(self, doc: Document) -> None:
        for figure in doc.figures:
            f = self._part(
                doc,
                f"figure-{figure.index}",
                (S3KG.DocumentFigure,),
                figure.title,
                figure.index,
                f"Figure {figure.index}: {figure.title.text}",
                self.documents[doc.key],
            )
            for cell in figure.cells:
                self._part(
                    doc,
                    f"figure-{figure.index}/cell-{cell.row}-{cell.col}",
                    (S3KG.DocumentPart,),
                    cell.span,
                    None,
                    cell.span.text,
                    f,
                )

    def _pages(self, doc: Document) -> None:
        """The pages of a document converted from PDF (locators ``KEY:page-N``)."""
        for number, (start, end) in enumerate(doc.pages, 1):
            span = TextSpan(start, end, doc.text[start:end])
            self._part(
                doc,
                f"page-{number}",
                (S3KG.DocumentPart,),
                span,
                number,
                f"page {number}",
                self.documents[doc.key],
            )

    def _part(
        self,
        doc: Document,
        path: str,
        types: tuple[URIRef, ...],
        span: TextSpan,
        ordinal: int | None,
        label: str,
        parent: URIRef,
    ) -> URIRef:
        g, node = self.graph, URIRef(f"{self.documents[doc.key]}/{path}")
        for cls in types:
            g.add((node, RDF.type, cls))
        g.add((node, OA.hasSource, self.documents[doc.key]))
        g.add((node, DCTERMS.isPartOf, parent))
        g.add((node, RDFS.label, literal_en(label)))
        g.add((node, S3KG.locator, Literal(f"{doc.key}:{path.replace('section/', 'section-')}")))
        if ordinal is not None:
            g.add((node, S3KG.ordinal, Literal(ordinal, datatype=XSD.positiveInteger)))
        position, quote = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        g.add((node, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(span.text)))
        return node

    def _section_iri(self, doc: Document, slug: str | None) -> URIRef:
        base = self.documents[doc.key]
        return URIRef(f"{base}/section/{slug}") if slug else base

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
                node = self._part(
                    doc,
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
        self._part(doc, f"ref-{position}", (S3KG.DocumentPart,), span, position, label,
                   self.documents[doc.key])  # fmt: skip


def work_iri(work: Work) -> URIRef:
    return ID[f"work/{work.slug}"]


def _find(doc: Document, needle: str) -> TextSpan:
    start = doc.text.lower().rfind(needle.lower())
    start = max(start, 0)
    return TextSpan(start, start + len(needle), doc.text[start : start + len(needle)])
