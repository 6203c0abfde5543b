"""The corpus reader on the real documents: counts, structures and exact offsets."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from s3kg.config import Settings
from s3kg.corpus.reader import Document, TextSpan, load_corpus, load_document, make_span
from s3kg.errors import InputError

KEYS = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    return {doc.key: doc for doc in load_corpus(Settings().corpus_dir)}


@pytest.fixture(scope="module")
def doc4(corpus: dict[str, Document]) -> Document:
    return corpus["004"]


def located_spans(doc: Document) -> Iterator[tuple[str, TextSpan]]:
    """Every span the reader produces, named for a readable failure."""
    yield "title", doc.title
    yield from ((f"p{b.number}", b.span) for b in doc.blocks)
    yield from ((f"section {s.slug}", s.heading) for s in doc.sections)
    yield from ((f"keyword {n}", k) for n, k in enumerate(doc.keywords, 1))
    yield from ((f"ref {r.position}", r.span) for r in doc.references)
    for t in doc.tables:
        yield f"table {t.index} title", t.title
        yield from ((f"table {t.index} header", h) for h in t.header)
        yield from ([(f"table {t.index} source", t.source)] if t.source else [])
        for row in t.rows:
            yield f"table {t.index} row {row.number} label", row.label
            yield f"table {t.index} row {row.number} cell", row.cell
            yield from ((f"table {t.index} row {row.number} item", i) for i in row.items)
    for lst in doc.lists:
        for item in lst.items:
            yield f"list {lst.index} item {item.number}", item.span
            yield f"list {lst.index} item {item.number} head", item.head
    for f in doc.figures:
        yield f"figure {f.index} title", f.title
        yield from ([(f"figure {f.index} note", f.note)] if f.note else [])
        yield from ((f"figure {f.index} cell {c.row}-{c.col}", c.span) for c in f.cells)
        yield from ((f"figure {f.index} label {rc}", s) for rc, s in f.labels.items())


@pytest.mark.parametrize("key", KEYS)
def test_every_span_is_the_exact_stripped_slice(corpus: dict[str, Document], key: str) -> None:
    doc = corpus[key]
    for name, span in located_spans(doc):
        assert doc.text[span.start : span.end] == span.text, name
        assert span.text and span.text == span.text.strip(), name


def test_corpus_is_sorted_and_hashed(corpus: dict[str, Document]) -> None:
    assert list(corpus) == KEYS
    for doc in corpus.values():
        assert doc.path.name.startswith(doc.key + "_")
        assert doc.sha256 == hashlib.sha256(doc.path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("key", "blocks", "sections", "tables", "lists", "figures", "keywords"),
    [
        pytest.param("000", 10, 0, 0, 0, 0, 6, id="000"),
        pytest.param("001", 21, 0, 0, 0, 0, 5, id="001"),
        pytest.param("002", 12, 0, 0, 0, 0, 0, id="002"),
        pytest.param("003", 6, 0, 0, 0, 0, 7, id="003"),
        pytest.param("004", 212, 10, 3, 2, 2, 8, id="004"),
    ],
)
def test_structure_counts(
    corpus: dict[str, Document],
    key: str,
    blocks: int,
    sections: int,
    tables: int,
    lists: int,
    figures: int,
    keywords: int,
) -> None:
    doc = corpus[key]
    found = (doc.blocks, doc.sections, doc.tables, doc.lists, doc.figures, doc.keywords)
    assert tuple(len(x) for x in found) == (blocks, sections, tables, lists, figures, keywords)


@pytest.mark.parametrize("key", KEYS)
def test_blocks_are_numbered_lines_and_the_first_is_the_title(
    corpus: dict[str, Document], key: str
) -> None:
    doc = corpus[key]
    assert [b.number for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    assert all(a.line < b.line for a, b in zip(doc.blocks, doc.blocks[1:], strict=False))
    assert doc.title == doc.blocks[0].span
    assert doc.block(len(doc.blocks)) is doc.blocks[-1]
    with pytest.raises(IndexError):
        doc.block(0)


def test_headings_of_004(doc4: Document) -> None:
    slugs = [s.slug for s in doc4.sections]
    assert slugs[:2] == ["abstract", "introduction"]
    assert slugs[-5:] == [
        "research-problem",
        "research-methodology",
        "research-results",
        "conclusions-and-recommendations",
        "references",
    ]
    assert slugs[3].startswith("case-analysis-of-cluster")
    # Front and back matter (title, author, affiliation, e-mail, bio) stay outside sections.
    assert doc4.blocks[0].section is None
    assert doc4.blocks[-1].section == "references"


def test_blocks_know_their_section(doc4: Document) -> None:
    for section in doc4.sections:
        covered = range(section.heading_block, section.last_block + 1)
        assert {doc4.block(n).section for n in covered} == {section.slug}
        assert doc4.block(section.heading_block).span == section.heading


def test_tables_of_004(doc4: Document) -> None:
    shape = [[len(row.items) for row in t.rows] for t in doc4.tables]
    assert shape == [[5, 7, 4, 5], [7, 4, 5, 3, 8], [10, 4, 3, 3, 6, 5]]
    assert [r.label.text for r in doc4.tables[0].rows] == ["USA", "Canada", "Finland", "Germany"]
    assert [h.text for h in doc4.tables[0].header] == ["Country", "Preconditions"]
    assert all(t.source is not None and t.source.text.startswith("Source:") for t in doc4.tables)


def test_table_items_are_clean(doc4: Document) -> None:
    for table in doc4.tables:
        for row in table.rows:
            for item in row.items:
                assert not any(mark in item.text for mark in "<>•;"), item.text
                assert not item.text.endswith(".") or item.text.endswith("etc."), item.text


def test_numbered_lists_of_004(doc4: Document) -> None:
    short, long = doc4.lists
    assert [i.number for i in short.items] == [1, 2, 3, 4, 5]
    assert [i.number for i in long.items] == list(range(1, 13))
    assert any(" – " in item.span.text for item in long.items)
    for item in [*short.items, *long.items]:
        assert item.span.text.startswith(item.head.text)
        assert not item.head.text.endswith(".")
        assert not item.span.text[0].isdigit()


def test_list_item_split_by_a_page_break_is_joined(doc4: Document) -> None:
    item = doc4.lists[0].items[1]
    first, second = (doc4.block(n) for n in item.blocks)
    assert second.number == first.number + 1 and second.is_continuation
    assert item.span.end == second.span.end and "\n" in item.span.text
    assert len(item.head.text) < len(first.text)


def test_reference_entries_are_not_lists(corpus: dict[str, Document]) -> None:
    assert corpus["001"].lists == []


def test_figure_without_grid(doc4: Document) -> None:
    figure = doc4.figures[0]
    assert (figure.cells, figure.groups, figure.labels) == ([], {}, {})
    assert figure.note is not None and figure.note.text.startswith("Note:")


def test_figure_grids_and_groups(doc4: Document) -> None:
    figure = doc4.figures[1]
    micro, macro = "MICRO-EFFECTS OF CLUSTERING", "MACRO-EFFECTS OF CLUSTERING"
    assert {k: len(v) for k, v in figure.groups.items()} == {micro: 8, macro: 9}
    assert {c.row for c in figure.groups[micro]} == {1, 2, 3}
    assert {c.row for c in figure.groups[macro]} == {4, 5, 6}
    assert {rc: s.text for rc, s in figure.labels.items()} == {(2, 2): micro, (5, 2): macro}
    labelled = [c for c in figure.cells if c.group_label]
    assert [(c.row, c.col, c.group_label) for c in labelled] == [(5, 2, macro)]
    assert not labelled[0].span.text.startswith("MACRO")
    assert {(c.row, c.col) for c in figure.cells} == {
        (r, c) for r in range(1, 7) for c in range(1, 4)
    } - {(2, 2)}


def test_keywords(corpus: dict[str, Document]) -> None:
    for doc in corpus.values():
        for keyword in doc.keywords:
            assert not any(ch in keyword.text for ch in "*,;:"), keyword.text
            assert not keyword.text.endswith(".")
    assert corpus["003"].keywords[0].text == "regional cluster"
    assert corpus["004"].keywords[0].text == "cluster efficiency"
    assert corpus["000"].keywords[-1].text.endswith("of a region")


def test_document_doi_is_its_own_not_a_cited_one(corpus: dict[str, Document]) -> None:
    assert corpus["004"].doi == "10.33225/pmc/20.15.125"
    assert corpus["001"].doi is None
    assert any(ref.doi for ref in corpus["001"].references)


@pytest.mark.parametrize(
    ("raw", "chars", "expected"),
    [
        pytest.param("  a b \xa0", "", "a b", id="whitespace-and-nbsp"),
        pytest.param("* x; *", "*;", "x", id="chars-both-ends"),
        pytest.param("and so on, etc.", ".", "and so on, etc.", id="etc-keeps-dot"),
        pytest.param("   ", "", "", id="blank"),
    ],
)
def test_make_span(raw: str, chars: str, expected: str) -> None:
    text = "<<" + raw + ">>"
    span = make_span(text, 2, 2 + len(raw), chars)
    assert span.text == expected == text[span.start : span.end]


def test_synthetic_table_with_an_empty_cell(tmp_path: Path) -> None:
    path = tmp_path / "042_t.txt"
    path.write_text("T\n\nTable 1\nA title\nKey\tValues\nx\ta; b.\ny\t\n\nSource: me\n", "utf-8")
    table = load_document(path).tables[0]
    assert [(r.label.text, [i.text for i in r.items]) for r in table.rows] == [
        ("x", ["a", "b"]),
        ("y", []),
    ]


def test_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")


def test_directory_without_documents_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", "utf-8")
    with pytest.raises(InputError, match=r"no \*\.txt"):
        load_corpus(tmp_path)


def test_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "007_latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(InputError, match=r"not UTF-8.*offset 3"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("notes.txt", "x", "3-digit key", id="no-key"),
        pytest.param("008_empty.txt", " \n\n", "no text", id="empty"),
    ],
)
def test_unusable_document(tmp_path: Path, name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        load_document(tmp_path / name)


def test_duplicate_keys_are_an_input_error(tmp_path: Path) -> None:
    for name in ("005_a.txt", "005_b.txt"):
        (tmp_path / name).write_text("x", "utf-8")
    with pytest.raises(InputError, match="same key"):
        load_corpus(tmp_path)
