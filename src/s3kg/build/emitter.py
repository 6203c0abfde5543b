"""One way to state a fact: add the triple to its graph and record where it comes from."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef

from s3kg.build.provenance import Evidence, ProvenanceRecorder, Triple
from s3kg.corpus.locators import LocatorError, parse_locator, resolve
from s3kg.corpus.reader import Document, TextSpan

_RANGE_MARKS = ("…", "...")


class Emitter:
    """Adds located triples to a graph and their assertions to the provenance graph."""

    def __init__(self, corpus: Mapping[str, Document], provenance: ProvenanceRecorder):
        self.corpus = corpus
        self.provenance = provenance
        self._cache: dict[str, Evidence] = {}

    def locate(self, locator: str) -> Evidence:
        """Resolve a locator string (raises ``LocatorError`` naming what failed)."""
        if locator not in self._cache:
            self._cache[locator] = self._resolve(locator)
        return self._cache[locator]

    def text(self, locator: str) -> str:
        evidence = self.locate(locator)
        return self.corpus[evidence.doc_key].text[evidence.start : evidence.end]

    def emit(
        self,
        graph: Graph,
        triple: Triple,
        where: str | Evidence,
        since: int | None = None,
        said_by: URIRef | None = None,
    ) -> None:
        evidence = self.locate(where) if isinstance(where, str) else where
        graph.add(triple)
        self.provenance.record(triple, evidence, since=since, said_by=said_by)

    def span_evidence(self, doc_key: str, span: TextSpan, locator: str) -> Evidence:
        """Evidence for a span the extraction found itself (no locator to resolve)."""
        return Evidence(doc_key, span.start, span.end, locator, self._block_at(doc_key, span.start))

    def _resolve(self, locator: str) -> Evidence:
        parsed = parse_locator(locator)
        quote = parsed.quote or ""
        mark = next((m for m in _RANGE_MARKS if m in quote), None)
        if mark is None:
            found = resolve(parsed, self.corpus)
            return Evidence(found.doc, found.span.start, found.span.end, locator, found.blocks[0])
        base = resolve(dataclasses.replace(parsed, quote=None, occurrence=None), self.corpus)
        first, last = (part.strip() for part in quote.split(mark, 1))
        text = base.span.text
        begin = _unique(text, first, locator)
        end_at = text.find(last, begin + len(first))
        if not first or not last or end_at < 0:
            raise LocatorError(
                f"locator {locator!r}: range anchor end {last!r} not found after start"
            )
        start = base.span.start + begin
        return Evidence(
            base.doc,
            start,
            base.span.start + end_at + len(last),
            locator,
            self._block_at(base.doc, start),
        )

    def _block_at(self, doc_key: str, offset: int) -> int:
        for block in self.corpus[doc_key].blocks:
            if block.span.start <= offset < block.span.end or offset < block.span.start:
                return block.number
        return self.corpus[doc_key].blocks[-1].number


def _unique(text: str, anchor: str, locator: str) -> int:
    first = text.find(anchor)
    if first < 0:
        raise LocatorError(f"locator {locator!r}: range anchor start {anchor!r} not found")
    if text.find(anchor, first + 1) >= 0:
        raise LocatorError(f"locator {locator!r}: range anchor start {anchor!r} is ambiguous")
    return first


def literal_en(text: str) -> Literal:
    return Literal(" ".join(text.split()), lang="en")
