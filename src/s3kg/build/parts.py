"""The located parts of one document: paragraphs, sections, tables, lists, figures, pages.

Each part is an IRI under its document's (``<document>/p12``, ``<document>/table-1/row-3``)
with its locator and Web Annotation selectors. A document's parts depend on nothing but its
text and IRI, so they are made one document at a time, into a graph of their own that the
build can cache by content (``s3kg.build.fragments``).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from s3kg.build.emitter import literal_en
from s3kg.corpus.reader import Document, TextSpan
from s3kg.vocab.namespaces import DOCO, OA, S3KG


class DocumentParts:
    """Writes the parts of one document into ``graph``; the document node itself is elsewhere."""

    def __init__(self, graph: Graph, document: URIRef):
        self.graph = graph
        self.document = document

    def add(self, doc: Document) -> None:
        for block in doc.blocks:
            self._part(
                doc,
                f"p{block.number}",
                (S3KG.Paragraph,),
                block.span,
                block.number,
                f"block {block.number}",
                self._section_iri(block.section),
            )
        for number, section in enumerate(doc.sections, 1):
            self._part(
                doc,
                f"section/{section.slug}",
                (S3KG.Section,),
                section.heading,
                number,
                section.heading.text,
                self.document,
            )
        self._tables(doc)
        self._lists(doc)
        self._figures(doc)
        self._pages(doc)

    def _tables(self, doc: Document) -> None:
        for table in doc.tables:
            t = self._part(
                doc,
                f"table-{table.index}",
                (S3KG.Table,),
                table.title,
                table.index,
                f"Table {table.index}: {table.title.text}",
                self.document,
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
                self.document,
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
                self.document,
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
                self.document,
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
        return add_part(self.graph, self.document, doc.key, path, types, span, ordinal, label,
                        parent)  # fmt: skip

    def _section_iri(self, slug: str | None) -> URIRef:
        return URIRef(f"{self.document}/section/{slug}") if slug else self.document


def add_part(
    g: Graph,
    document: URIRef,
    doc_key: str,
    path: str,
    types: tuple[URIRef, ...],
    span: TextSpan,
    ordinal: int | None,
    label: str,
    parent: URIRef,
) -> URIRef:
    """One located part of ``document`` at ``path`` (its IRI and its locator ``KEY:path``)."""
    node = URIRef(f"{document}/{path}")
    for cls in types:
        g.add((node, RDF.type, cls))
    g.add((node, OA.hasSource, document))
    g.add((node, DCTERMS.isPartOf, parent))
    g.add((node, RDFS.label, literal_en(label)))
    g.add((node, S3KG.locator, Literal(f"{doc_key}:{path.replace('section/', 'section-')}")))
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
