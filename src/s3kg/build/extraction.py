"""Code-based extraction of tables, numbered lists and figure grids into entities.

Which table row belongs to which country or cluster, and what class the items get, is set in
the ``extraction`` section of the curated data; the items' text comes from the documents at
build time, so nothing of it is retyped in the repository. Keyword ``classifiers`` then
attach comparable categories (factor categories, interest themes) to the extracted items.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from s3kg.build.emitter import Emitter, literal_en
from s3kg.build.provenance import Evidence
from s3kg.corpus.locators import parse_locator
from s3kg.corpus.reader import Document, TextSpan
from s3kg.curation.terms import Vocabulary, entity_iri
from s3kg.errors import InputError
from s3kg.vocab.namespaces import S3KG

_SLUG_WORDS = 8


def text_slug(text: str) -> str:
    """Id slug of an extracted item: its first eight words, lower-cased, joined by '-'."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:_SLUG_WORDS])


@dataclass(frozen=True)
class Extracted:
    """An entity produced from the text, with the text the classifiers look at."""

    id: str
    classes: tuple[URIRef, ...]
    text: str
    evidence: Evidence


class Extractor:
    def __init__(self, vocab: Vocabulary, emitter: Emitter, graph: Graph):
        self.vocab = vocab
        self.emitter = emitter
        self.graph = graph
        self.items: list[Extracted] = []

    def run(self, settings: Mapping[str, Any], classifiers: Mapping[str, Any]) -> None:
        for spec in settings.get("tables") or []:
            self._table(spec)
        for spec in settings.get("lists") or []:
            self._list(spec)
        for spec in settings.get("figures") or []:
            self._figure(spec)
        for spec in classifiers.get("rules") or []:
            self._classify(spec)

    # -- structures ------------------------------------------------------------------------
    def _table(self, spec: Mapping[str, Any]) -> None:
        doc, number = self._structure(spec["table"], "table")
        table = _nth(doc.tables, number, spec["table"])
        cls = self.vocab.term(spec["class"])
        for row in table.rows:
            owner = self._row_owner(spec, doc, row)
            for i, item in enumerate(row.items, 1):
                where = f"{spec['table']}/row-{row.number}/item-{i}"
                item_id = f"{spec['prefix']}/{doc.key}-table-{number}-row-{row.number}-item-{i}"
                self._item(item_id, (cls,), doc, item, where, i)
                self._link(spec, entity_iri(item_id), entity_iri(owner), where)

    def _row_owner(self, spec: Mapping[str, Any], doc: Document, row: Any) -> str:
        """The entity a row is about: bound in the settings, or made from the row label."""
        if "row_class" in spec:
            owner = f"{spec['row_prefix']}/{text_slug(row.label.text)}"
            cls = self.vocab.term(spec["row_class"])
            self._item(owner, (cls,), doc, row.label, f"{spec['table']}/row-{row.number}", None)
            return owner
        bound = (spec.get("rows") or {}).get(row.number)
        if bound is None:
            raise InputError(f"extraction {spec['table']}: no entity bound to row {row.number}")
        return str(bound)

    def _list(self, spec: Mapping[str, Any]) -> None:
        doc, number = self._structure(spec["list"], "list")
        numbered = _nth(doc.lists, number, spec["list"])
        cls = self.vocab.term(spec["class"])
        for item in numbered.items:
            where = f"{spec['list']}/item-{item.number}"
            item_id = f"{spec['prefix']}/{doc.key}-list-{number}-item-{item.number}"
            self._item(item_id, (cls,), doc, item.head, where, item.number, full=item.span)
            if "applies_to" in spec:
                self._link(spec, entity_iri(item_id), entity_iri(spec["applies_to"]), where)

    def _figure(self, spec: Mapping[str, Any]) -> None:
        doc, number = self._structure(spec["figure"], "figure")
        figure = _nth(doc.figures, number, spec["figure"])
        for label, cells in sorted(figure.groups.items()):
            if label not in spec["groups"]:
                raise InputError(f"extraction {spec['figure']}: no class for group {label!r}")
            cls = self.vocab.term(spec["groups"][label])
            for cell in cells:
                where = f"{spec['figure']}/cell-{cell.row}-{cell.col}"
                item_id = f"{spec['prefix']}/{text_slug(cell.span.text)}"
                self._item(item_id, (cls,), doc, cell.span, where, None)

    # -- emitting --------------------------------------------------------------------------
    def _item(
        self,
        item_id: str,
        classes: tuple[URIRef, ...],
        doc: Document,
        span: TextSpan,
        where: str,
        position: int | None,
        full: TextSpan | None = None,
    ) -> None:
        iri = entity_iri(item_id)
        evidence = self.emitter.span_evidence(doc.key, full or span, where)
        label_evidence = self.emitter.span_evidence(doc.key, span, where)
        emit = self.emitter.emit
        for cls in classes:
            emit(self.graph, (iri, RDF.type, cls), evidence)
        emit(self.graph, (iri, RDFS.label, literal_en(span.text.rstrip(".;"))), label_evidence)
        if full is not None and full.text.strip() != span.text.strip():
            emit(self.graph, (iri, RDFS.comment, literal_en(full.text)), evidence)
        if position is not None:
            pos = Literal(position, datatype=XSD.positiveInteger)
            emit(self.graph, (iri, S3KG.listPosition, pos), evidence)
        self.items.append(Extracted(item_id, classes, (full or span).text, evidence))

    def _link(self, spec: Mapping[str, Any], subject: URIRef, obj: URIRef, where: str) -> None:
        predicate = self.vocab.term(spec["link"])
        if spec.get("inverse"):
            subject, obj = obj, subject
        self.emitter.emit(self.graph, (subject, predicate, obj), self._last_evidence(where))

    def _last_evidence(self, where: str) -> Evidence:
        return next(e.evidence for e in reversed(self.items) if e.evidence.locator == where)

    def _structure(self, locator: str, kind: str) -> tuple[Document, int]:
        parsed = parse_locator(locator)
        if parsed.kind != kind or len(parsed.numbers) != 1:
            raise InputError(f"extraction: {locator!r} must point at a whole {kind}")
        if parsed.doc not in self.emitter.corpus:
            raise InputError(f"extraction: unknown document in {locator!r}")
        return self.emitter.corpus[parsed.doc], parsed.numbers[0]

    # -- classification --------------------------------------------------------------------
    def _classify(self, spec: Mapping[str, Any]) -> None:
        classes = {self.vocab.term(name) for name in spec["classes"]}
        predicate = self.vocab.term(spec["property"])
        patterns = {cat: [p.lower() for p in pats] for cat, pats in spec["categories"].items()}
        for item in self.items:
            if not classes & set(item.classes):
                continue
            text = item.text.lower()
            for category in _matching(patterns, text):
                triple = (entity_iri(item.id), predicate, entity_iri(category))
                self.emitter.emit(self.graph, triple, item.evidence)

    def ids(self) -> set[str]:
        return {item.id for item in self.items}


def _matching(patterns: Mapping[str, list[str]], text: str) -> list[str]:
    return sorted(cat for cat, pats in patterns.items() if any(p in text for p in pats))


def _nth(items: list[Any], number: int, locator: str) -> Any:
    if not 1 <= number <= len(items):
        raise InputError(f"extraction: {locator!r} does not exist (document has {len(items)})")
    return items[number - 1]
