"""Highlighting spans in a document's text: nesting, overlaps, paging; and identifier links."""

from __future__ import annotations

from pathlib import Path

import pytest

from s3kg.corpus.reader import load_document
from s3kg.web import highlight
from s3kg.web.evidence import external_link, reader_link
from s3kg.web.highlight import Note


@pytest.fixture
def doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "001_x.txt"
    path.write_text("A title line\nAlpha beta gamma delta.\nSecond <b> paragraph here.\n",
                    encoding="utf-8")
    return load_document(path)


def test_nested_and_overlapping_spans_stay_well_formed(doc) -> None:  # type: ignore[no-untyped-def]
    start = doc.text.index("Alpha")
    notes = [Note(1, start, start + 16), Note(2, start + 6, start + 10),
             Note(3, start + 11, start + 22)]
    (para,) = highlight.paragraphs(doc, (2, 2), notes)
    html = str(para.html)
    assert html.count("<mark") == html.count("</mark>") == 3
    for note in notes:
        assert f'id="span-{note.key}"' in html and f'href="#facts-{note.key}"' in html
    assert html.index(f'id="span-{notes[1].key}"') > html.index(f'id="span-{notes[0].key}"')


def test_text_is_escaped(doc) -> None:  # type: ignore[no-untyped-def]
    (para,) = highlight.paragraphs(doc, (3, 3), [])
    assert "&lt;b&gt;" in str(para.html)


def test_pages_cover_every_block(doc, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(highlight, "PAGE_CHARS", 20)
    ranges = highlight.pages(doc)
    assert ranges[0][0] == 1 and ranges[-1][1] == len(doc.blocks) and len(ranges) > 1
    assert highlight.page_of(doc, doc.text.index("Second")) == len(ranges)


def test_links() -> None:
    iri = "https://w3id.org/s3kg/id/document/panarina-2020"
    assert reader_link(iri, 5, 9) == "/doc/panarina-2020?at=5#span-5-9"
    assert reader_link(iri + "/p3", 5, 9) is None
    doi = external_link("http://purl.org/ontology/bibo/doi", "10.1000/x.1", "")
    assert doi == "https://doi.org/10.1000/x.1"
    nuts = external_link("x", "DEA", "https://w3id.org/s3kg/id/datatype/nuts-2021")
    assert nuts == "http://data.europa.eu/nuts/code/DEA"
    assert external_link("x", "plain text", "") is None
