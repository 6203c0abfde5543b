"""Property: whatever text a document holds, reading it either works or raises InputError.

Documents are random text, random bytes, or lines built from the layouts the reader looks for
(headings, paragraphs ending in note calls, bullets, enumerations, ``|`` and tab tables,
captions, reference headings and entries of every style, keyword lines, DOIs), then mangled.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from s3kg.corpus.citations import group_works
from s3kg.corpus.reader import Document, load_document
from s3kg.errors import InputError

_VOCABULARY = (
    "cluster park the of and Region Valley 2019 (2001). U.S. § [12] [3][4] Roe, J. et al. "
    'https://example.org/x doi:10.1234/a.b “quoted” "Title" Op. cit. See for was is: ; , . '
    "? ! – — | \t • - * (a) (i) (1) 1. 2) Table: Figure 1 Keywords: Abstract Retrieved "
    "Smith JA, 2014;43(2):1-9. Jan 3, 2010 Иванов И.И. Москва, 2015, vol.1, no.2, pp.3-4"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))
_PHRASE = st.lists(_WORDS, min_size=0, max_size=14).map(" ".join)
_MARKERS = st.sampled_from(
    ["", "- ", "• ", "* ", "1. ", "2. ", "1) ", "(a) ", "(b) ", "(A) ", "(i) ", "(ii) ",
     "[1] ", "[2] ", "§ 3. ", "Table: ", "Table 1", "Figure 2", "Source: ", "Keywords: ",
     "Cite as: ", "Received: ", "By "]
)  # fmt: skip
_HEADINGS = st.sampled_from(
    ["References", "Notes", "Sources", "Bibliography", "Abstract", "Summary", "Introduction",
     "Economy", "History (since 1971)", "U.S. policy", "The North: A region", "2009–14"]
)  # fmt: skip


@st.composite
def _row(draw: st.DrawFn) -> str:
    cells = draw(st.lists(_PHRASE, min_size=1, max_size=5))
    joiner = draw(st.sampled_from([" | ", "|", "\t", " |", "| "]))
    row = joiner.join(cells)
    return draw(st.sampled_from([row, f"| {row} |", f"|{row}", f"{row} |", "|---|---|"]))


_LINE = st.one_of(
    _HEADINGS,
    st.tuples(_MARKERS, _PHRASE).map("".join),
    _PHRASE.map(lambda p: p + " and the cluster grew in the region over many years.[7]"),
    _row(),
    st.text(max_size=40),
)


@st.composite
def _document(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_LINE, min_size=0, max_size=30))
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]), min_size=30))
    text = "".join(line + sep for line, sep in zip(lines, separators, strict=False))
    if draw(st.booleans()) and text:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    return text


def _read(data: bytes) -> Document | None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "900_fuzz.txt"
        path.write_bytes(data)
        try:
            return load_document(path)
        except InputError:
            return None


def _check(doc: Document | None) -> None:
    if doc is None:
        return
    spans = [doc.title, *(b.span for b in doc.blocks), *(s.heading for s in doc.sections)]
    spans += [r.span for r in doc.references] + list(doc.keywords) + list(doc.authors)
    spans += [i.span for lst in doc.lists for i in lst.items]
    spans += [c for t in doc.tables for r in t.rows for c in (r.label, r.cell, *r.items)]
    for span in spans:
        assert doc.text[span.start : span.end] == span.text
    assert [r.position for r in doc.references] == list(range(1, len(doc.references) + 1))
    works = group_works({doc.key: doc.references, "901": doc.references})
    cited = sorted(c for w in works for c in w.citations)
    assert len(cited) == len(set(cited))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text(text: str) -> None:
    _check(_read(text.encode("utf-8")))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    _check(_read(data))


@settings(max_examples=200, deadline=None)
@given(_document())
def test_documents_built_from_the_layouts(text: str) -> None:
    _check(_read(text.encode("utf-8")))
