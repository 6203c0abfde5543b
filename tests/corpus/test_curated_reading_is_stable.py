"""The five curated documents are read exactly as when their locators were written.

Curated facts point at parts of the documents (``004:table-2/row-3``, ``002:p5``), so how the
reader splits them into blocks, sections, tables, lists, figures, references, keywords and
DOI must never drift. The digest below is the sha256 of the canonical JSON this test builds,
recorded before the reader learnt other document styles. If it fails, the reading of the
curated corpus changed: fix the reader, do not update the digest (unless every locator and
curated fact has been checked against the new reading).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from s3kg.config import Settings
from s3kg.corpus.reader import Document, Figure, NumberedList, Table, TextSpan, load_corpus
from s3kg.corpus.references import Reference

CURATED_DIGEST = "772ef836aa216d05b8a1b620f870e8397b94ac9986b9bef2809e011c75034715"


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return load_corpus(Settings().corpus_dir)


def _span(span: TextSpan | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text]


def _table(t: Table) -> dict[str, Any]:
    rows = [
        [r.number, r.block, _span(r.label), _span(r.cell), [_span(i) for i in r.items]]
        for r in t.rows
    ]
    header = [_span(h) for h in t.header]
    return {"index": t.index, "caption": t.caption_block, "title": _span(t.title),
            "header": header, "rows": rows, "source": _span(t.source)}  # fmt: skip


def _list(lst: NumberedList) -> dict[str, Any]:
    items = [[i.number, _span(i.span), _span(i.head), list(i.blocks)] for i in lst.items]
    return {"index": lst.index, "items": items}


def _figure(f: Figure) -> dict[str, Any]:
    cells = [[c.row, c.col, _span(c.span), c.group_label] for c in f.cells]
    labels = sorted([list(rc), _span(s)] for rc, s in f.labels.items())
    groups = {k: [[c.row, c.col] for c in v] for k, v in f.groups.items()}
    return {"index": f.index, "caption": f.caption_block, "title": _span(f.title),
            "cells": cells, "labels": labels, "groups": groups, "note": _span(f.note)}  # fmt: skip


def _reference(r: Reference) -> dict[str, Any]:
    return {"position": r.position, "span": _span(r.span), "blocks": list(r.blocks),
            "label": r.label, "authors": r.authors, "year": r.year, "title": r.title,
            "container": r.container, "publisher": r.publisher, "volume": r.volume,
            "issue": r.issue, "pages": r.pages, "doi": r.doi, "url": r.url}  # fmt: skip


def fingerprint(docs: list[Document]) -> str:
    """Canonical JSON of everything a locator or a curated fact can point at."""
    out = {
        doc.key: {
            "title": _span(doc.title),
            "blocks": [[b.number, b.line, b.span.start, b.span.end, b.section] for b in doc.blocks],
            "sections": [
                [s.slug, _span(s.heading), s.heading_block, s.last_block] for s in doc.sections
            ],
            "tables": [_table(t) for t in doc.tables],
            "lists": [_list(lst) for lst in doc.lists],
            "figures": [_figure(f) for f in doc.figures],
            "references": [_reference(r) for r in doc.references],
            "keywords": [_span(k) for k in doc.keywords],
            "doi": doc.doi,
        }
        for doc in docs
    }
    return json.dumps(out, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_curated_documents_are_read_as_before(corpus: list[Document]) -> None:
    digest = hashlib.sha256(fingerprint(corpus).encode("utf-8")).hexdigest()
    assert digest == CURATED_DIGEST


def test_new_fields_keep_their_defaults_on_the_curated_documents(corpus: list[Document]) -> None:
    """What the reader learnt for other documents adds nothing to the curated structures."""
    for doc in corpus:
        assert {r.kind for r in doc.references} <= {"work"}
        assert {lst.kind for lst in doc.lists} <= {"numbered"}
        assert {t.layout for t in doc.tables} <= {"tab"}
        for table in doc.tables:
            assert all(row.cells[:2] == (row.label, row.cell) for row in table.rows)
