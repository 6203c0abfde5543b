"""The document reader: ``/doc/<slug>`` shows a source document's text, read from the corpus
(or the library) at run time, with every span that backs a fact highlighted and numbered, and
beside each paragraph the facts its spans support, linked to their entities.

From a fact on an entity page to its sentence here is one click
(``/doc/<slug>?at=<start>#span-<start>-<end>``, see :mod:`s3kg.web.evidence`); from a
highlighted span to its facts is one click too (its number links to ``#facts-<start>-<end>``).
Long documents are paged (:data:`s3kg.web.highlight.PAGE_CHARS`); only the current page's
spans are queried.  The text is shown only when its SHA-256 is the one the graph recorded,
since the offsets of the spans hold for that text alone.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request

from s3kg.corpus.reader import Document, load_document
from s3kg.errors import InputError, S3kgError
from s3kg.vocab.prefixes import PREFIXES, sparql_prologue
from s3kg.web import current_backend, pages
from s3kg.web.entity import Term
from s3kg.web.evidence import document_slug, external_link
from s3kg.web.highlight import Note, page_of, paragraphs
from s3kg.web.highlight import pages as page_ranges
from s3kg.web.labels import INTERNAL_LIMIT, cached, labels
from s3kg.web.resources import NotFoundError, entity_iri

blueprint = Blueprint("reader", __name__)

DOCUMENT = sparql_prologue() + """
SELECT ?this ?file (SAMPLE(?h) AS ?hash) (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?doi) WHERE {
  ?this s3kg:fileName ?file .
  OPTIONAL { ?this s3kg:contentHash ?h }
  OPTIONAL { ?this dcterms:title|rdfs:label ?t }
  OPTIONAL { ?this bibo:doi ?d }
} GROUP BY ?this ?file"""
SPANS = sparql_prologue() + """
SELECT ?this ?low ?high ?start ?end ?s ?p ?o WHERE {
  ?span oa:hasSource ?this ; oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  FILTER(?start < ?high && ?end > ?low)
  ?assertion s3kg:evidence ?span ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
} ORDER BY ?start DESC(?end) ?s ?p"""
HAS_TEXT = "ASK { ?this <https://w3id.org/s3kg/ontology#fileName> ?file }"
SHOWN_FACTS = 3  # per passage on a reader page; the passage's own page lists them all
PLAIN = frozenset(PREFIXES[p] + t for p, t in (
    ("rdf", "type"), ("rdfs", "label"), ("skos", "prefLabel"), ("skos", "inScheme"),
    ("dcterms", "title"), ("skos", "altLabel")))  # shown after what a passage says


@blueprint.route("/doc/<path:slug>")
def read(slug: str) -> Response:
    iri = entity_iri("document/" + slug)
    found = current_backend().select(DOCUMENT, [("this", ox.NamedNode(iri))])
    rows = found["results"]["bindings"]
    if not rows:
        raise NotFoundError(f"No source document <{iri}> with a text in this graph.")
    meta = {k: v["value"] for k, v in rows[0].items()}
    doc = _document(meta["file"])
    if doc is None or meta.get("hash", "") not in ("", "sha256:" + doc.sha256):
        return pages.page("reader.html", 200, meta=meta, iri=iri, doc=None, slug=slug,
                          missing=doc is None)
    ranges = page_ranges(doc)
    number = _page_number(doc, len(ranges))
    first, last = ranges[number - 1]
    low, high = doc.block(first).span.start, doc.block(last).span.end
    notes = _notes(iri, low, high)
    return pages.page("reader.html", meta=meta, iri=iri, doc=doc, slug=slug, page=number,
                      pages=len(ranges), paragraphs=paragraphs(doc, (first, last), notes),
                      facts=sum(len(n.facts) for n in notes), shown=SHOWN_FACTS)


def _page_number(doc: Document, count: int) -> int:
    """The page asked for by ``?page=N`` or ``?at=offset`` (1 without either); bad is 400."""
    page, at = request.args.get("page"), request.args.get("at")
    try:
        if at is not None:
            return page_of(doc, int(at))
        number = int(page) if page is not None else 1
    except ValueError:
        raise InputError("'page' and 'at' must be whole numbers, as in ?page=2 or ?at=2715."
                         ) from None
    if not 1 <= number <= count:
        raise NotFoundError(f"This document has {count} page(s); there is no page {number}.")
    return number


def _document(file_name: str) -> Document | None:
    """The document's text from the corpus folder or the library, analysed (cached)."""
    if Path(file_name).name != file_name:
        return None  # a file name must not lead out of the corpus folders
    settings = current_backend().config.settings
    for folder in (settings.corpus_dir, settings.library_dir):
        path = folder / file_name
        if path.is_file():
            return _load(str(path), path.stat().st_mtime_ns)
    return None


@functools.lru_cache(maxsize=16)
def _load(path: str, _mtime: int) -> Document | None:
    # Keyed by modification time, so an edited file is read again.
    try:
        return load_document(Path(path), key="000")
    except S3kgError:
        return None


def _notes(iri: str, low: int, high: int) -> list[Note]:
    """The spans of ``iri`` that meet ``[low, high)``, numbered, with the facts they back."""
    notes: dict[tuple[int, int], Note] = {}
    for start, end, fact in _facts(iri, low, high):
        note = notes.setdefault((start, end), Note(len(notes) + 1, start, end))
        note.facts.append(fact)
    for note in notes.values():  # what a passage says first; its label and type after
        note.facts.sort(key=lambda f: f["p"].value in PLAIN)
    return list(notes.values())


def _facts(iri: str, low: int, high: int) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, fact) for every fact a span of ``iri`` meeting ``[low, high)`` backs; once
    per release and page, since a page is read again and again.  Only the page's spans are
    fetched: a long paper has thousands of facts, and moving them all costs a first reader
    twice the query."""
    return cached(f"spans {iri} {low} {high}", lambda: _query_facts(iri, low, high))


def _query_facts(iri: str, low: int, high: int) -> list[tuple[int, int, dict[str, Any]]]:
    bounds = [("this", ox.NamedNode(iri)), ("low", ox.Literal(low)), ("high", ox.Literal(high))]
    found = current_backend().select(SPANS, bounds, limit=INTERNAL_LIMIT)
    rows = found["results"]["bindings"]
    names = labels()
    return [(int(row["start"]["value"]), int(row["end"]["value"]), _fact(row, names))
            for row in rows]


def _fact(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    s, p, o = (Term.of(row[k]) for k in ("s", "p", "o"))
    return {"s": s, "slabel": names.get(s.value, ""), "p": p, "plabel": names.get(p.value, ""),
            "o": o, "olabel": names.get(o.value, "") if o.kind == "uri" else ""}


@blueprint.route("/doc/<path:slug>/span/<int:start>-<int:end>")
def passage(slug: str, start: int, end: int) -> Response:
    """One passage: its text and every fact it backs."""
    iri = entity_iri("document/" + slug)
    # Not cached: every passage URL a crawler follows would push pages' answers out.
    facts = [fact for s, e, fact in _query_facts(iri, start, end) if (s, e) == (start, end)]
    if not facts:
        raise NotFoundError(f"No span {start}-{end} of <{iri}> backs a fact.")
    return pages.page("passage.html", slug=slug, iri=iri, start=start, end=end, facts=facts,
                      title=labels().get(iri, slug))


@blueprint.app_template_filter("external")
def external(fact: Any) -> str | None:
    """The registry link of a fact's literal identifier (DOI, ISO 3166, NUTS, …), if any."""
    value = fact.value
    if value.kind != "literal":
        return None
    return external_link(fact.predicate.value, value.value, value.datatype)


@blueprint.app_template_filter("reader_url")
def reader_url(iri: str) -> str | None:
    """The reader of a source document that has a text."""
    slug = document_slug(iri)
    if slug is None:
        return None
    found = current_backend().select(HAS_TEXT, [("this", ox.NamedNode(iri))])
    return f"/doc/{slug}" if found.get("boolean") else None


blueprint.register_error_handler(S3kgError, pages.handle_error)
