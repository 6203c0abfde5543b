"""The reader on documents written outside the project: ``shared/corpus-extra``.

Twelve texts in three styles (encyclopedia articles, investment-promotion profiles, statutes).
The expected numbers were counted by reading the texts: headings on their own lines, ``|``
tables, ``- `` and ``(1)`` lists, and the entries under their ``References`` heading.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from s3kg.config import Settings
from s3kg.corpus.citations import group_works
from s3kg.corpus.reader import Document, load_document

EXTRA = Settings().corpus_dir.parent / "corpus-extra"
pytestmark = pytest.mark.skipif(not EXTRA.is_dir(), reason="shared/corpus-extra is not here")


@pytest.fixture(scope="module")
def extra() -> dict[str, Document]:
    paths = sorted(EXTRA.glob("*.txt"))
    return {path.name[:3]: load_document(path) for path in paths}


def _path(key: str) -> Path:
    return next(EXTRA.glob(f"{key}_*.txt"))


# key: (sections at least, tables, lists at least, reference entries, notes among them)
SHAPES = {
    "101": (34, 0, 5, 9, 1),
    "102": (17, 2, 2, 4, 1),
    "103": (38, 4, 0, 15, 1),
    "104": (24, 3, 2, 12, 1),
    "105": (4, 0, 0, 5, 0),
    "106": (72, 1, 40, 0, 0),
    "107": (21, 0, 13, 0, 0),
    "108": (26, 1, 4, 0, 0),
    "109": (18, 0, 4, 0, 0),
    "110": (26, 0, 7, 0, 0),
    "111": (100, 0, 26, 0, 0),
    "112": (26, 0, 13, 0, 0),
}


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_shape_of_each_document(extra: dict[str, Document], key: str) -> None:
    sections, tables, lists, refs, notes = SHAPES[key]
    doc = extra[key]
    assert len(doc.sections) >= sections
    assert len(doc.tables) == tables
    assert len(doc.lists) >= lists
    assert len(doc.references) == refs
    assert sum(r.kind == "note" for r in doc.references) == notes


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_every_span_is_an_exact_slice(extra: dict[str, Document], key: str) -> None:
    doc = extra[key]
    spans = [s.heading for s in doc.sections] + [r.span for r in doc.references]
    spans += [i.span for lst in doc.lists for i in lst.items]
    spans += [c for t in doc.tables for row in t.rows for c in (row.label, row.cell, *row.cells)]
    spans += [h for t in doc.tables for h in t.header]
    for span in spans:
        assert doc.text[span.start : span.end] == span.text
        assert span.text == span.text.strip()


def test_headings_followed_by_paragraphs_with_note_calls(extra: dict[str, Document]) -> None:
    """Every line that stands alone between paragraphs of 101 opens a section."""
    doc = extra["101"]
    headings = [s.heading_block for s in doc.sections]
    assert headings == sorted(headings)
    assert doc.sections[0].heading_block > 1  # the lead paragraphs belong to no section
    assert doc.sections[-1].slug == "references"
    # a heading followed directly by another heading makes an empty section
    assert any(s.heading_block == s.last_block for s in doc.sections)
    # paragraphs ending in a note call such as [9] count as body text after a heading
    followers = [doc.block(s.heading_block + 1).text for s in doc.sections[:-1]]
    assert sum(text.endswith("]") for text in followers) >= 10


def test_sections_of_the_wikipedia_articles_are_nested_headings(
    extra: dict[str, Document],
) -> None:
    slugs = [s.slug for s in extra["103"].sections]
    assert slugs[0] == "economic-history" and slugs[-1] == "references"
    assert {"energy", "information-technology", "telecommunications"} <= set(slugs)
    assert [s.slug for s in extra["105"].sections] == [
        "overview",
        "industry",
        "science-and-education",
        "references",
    ]


def test_region_profiles_repeat_their_subsections(extra: dict[str, Document]) -> None:
    slugs = Counter(s.slug.rsplit("-", 1)[0] if s.slug[-1].isdigit() else s.slug
                    for s in extra["106"].sections)  # fmt: skip
    assert slugs["transport-infrastructure"] == 9  # one per region
    assert slugs["skills-and-education"] == 9
    titled = [s for s in extra["106"].sections if ":" in s.heading.text]
    assert len(titled) >= 8  # "Region: strapline" opens each region


def test_statute_subsections(extra: dict[str, Document]) -> None:
    headings = [s.heading.text for s in extra["111"].sections]
    assert sum(h.startswith("§") for h in headings) == 2
    assert sum(h.startswith("(a)") for h in headings) == 2
    assert all(not h.rstrip().endswith((";", ".", ",")) for h in headings)
    assert all(h[0] in "§(" for h in headings)


def test_taiwan_tables(extra: dict[str, Document]) -> None:
    indicators, cities = extra["102"].tables
    assert [t.layout for t in (indicators, cities)] == ["pipe", "pipe"]
    assert [t.index for t in (indicators, cities)] == [1, 2]
    assert len(indicators.header) == 7 and len(indicators.rows) == 39
    assert [r.label.text for r in indicators.rows[:2]] == ["1980", "1981"]
    assert indicators.rows[-1].label.text == "2018"
    assert all(len(r.cells) == 7 and len(r.items) == 6 for r in indicators.rows)
    assert [h.text for h in cities.header][:2] == ["Rank", "cities"]
    assert len(cities.rows) == 24
    assert cities.rows[0].cells[1].text == "Taipei"
    # the caption line gives the title, not the header row
    assert cities.title.text.startswith("List of cities")
    assert cities.caption_block < cities.rows[0].block


def test_tables_without_header_and_with_a_corner_cell(extra: dict[str, Document]) -> None:
    (universities,) = extra["106"].tables
    assert universities.header == [] and len(universities.rows) == 5
    towns, census, fertility = extra["104"].tables
    assert towns.header[0].text == "" and len(towns.header) == 5 and len(towns.rows) == 5
    assert [h.text for h in census.header[1:3]] == ["1959", "1970"]
    assert [h.text for h in fertility.header] == ["Year", "Rate"]
    assert len(fertility.rows) == 7
    deals = extra["103"].tables[3]
    assert len(deals.header) == 8 and len(deals.rows) == 10
    assert deals.rows[7].cells[-1].text == ""  # a missing value stays an empty cell


def test_table_rows_are_no_list_items(extra: dict[str, Document]) -> None:
    """Rows of 102 that start with ``- |`` belong to the table."""
    doc = extra["102"]
    rows = {r.block for t in doc.tables for r in t.rows}
    items = {b for lst in doc.lists for i in lst.items for b in i.blocks}
    assert rows.isdisjoint(items)
    assert [len(lst.items) for lst in doc.lists] == [6, 5]


def test_bullet_lists(extra: dict[str, Document]) -> None:
    doc = extra["101"]
    assert [lst.kind for lst in doc.lists] == ["bulleted"] * 5
    assert [len(lst.items) for lst in doc.lists] == [5, 26, 12, 14, 10]
    assert all(i.marker == "-" for lst in doc.lists for i in lst.items)
    assert all(not i.span.text.startswith("-") for lst in doc.lists for i in lst.items)


def test_source_notes_inside_a_bullet_list(extra: dict[str, Document]) -> None:
    """Profiles put a "(Source: ...)" line under some items; the list goes on after it."""
    items = [i for lst in extra["106"].lists for i in lst.items]
    assert any(len(i.blocks) == 2 and "(Source:" in i.span.text for i in items)
    last = [lst.items[-1] for lst in extra["106"].lists]
    assert not any(i.span.text.endswith(")") and "(Source:" in i.span.text for i in last)


def test_statute_lists_keep_their_sub_items(extra: dict[str, Document]) -> None:
    first = extra["111"].lists[0]
    assert first.kind == "numbered"
    assert [i.marker for i in first.items] == ["(A)", "(B)", "(C)", "(D)", "(E)"]
    assert len(first.items[3].blocks) == 3  # (D) holds its clauses (i) and (ii)
    markers = {i.marker[:3] for lst in extra["112"].lists for i in lst.items}
    assert "(1)" in markers


def test_references_parse_with_authors_and_years(extra: dict[str, Document]) -> None:
    refs = [r for key in ("101", "102", "103", "104", "105") for r in extra[key].references]
    works = [r for r in refs if r.kind == "work"]
    assert all(r.title for r in works)
    assert sum(bool(r.authors) for r in works) >= 10
    assert sum(r.year is not None for r in works) >= 20
    by_label = {r.label: r for r in extra["101"].references}
    assert by_label["17"].authors and by_label["17"].year == 2003
    assert by_label["48"].container and by_label["48"].year == 2006
    assert all(r.label and r.label.isdigit() for r in refs)


def test_notes_are_not_cited_works(extra: dict[str, Document]) -> None:
    notes = {key: [r.label for r in doc.references if r.kind == "note"]
             for key, doc in extra.items()}  # fmt: skip
    assert notes["101"] == ["36"] and notes["102"] == ["73"]
    assert notes["103"] == ["130"] and notes["104"] == ["17"]
    works = group_works({key: doc.references for key, doc in extra.items()})
    cited = {c for w in works for c in w.citations}
    for key, doc in extra.items():
        for ref in doc.references:
            assert ((key, ref.position) in cited) == (ref.kind != "note")
    for work in works:
        assert work.title and len(work.title.split()) <= 25, work.title
        assert not work.title.endswith(".")


def test_nothing_claims_a_title_authors_or_doi_the_texts_do_not_give(
    extra: dict[str, Document],
) -> None:
    for doc in extra.values():
        assert doc.title == doc.blocks[0].span
        assert (doc.authors, doc.year, doc.abstract, doc.doi) == ([], None, None, None)
        assert doc.keywords == []


def test_reading_is_the_same_under_another_key() -> None:
    doc = load_document(_path("105"), key="9105")
    assert doc.key == "9105" and len(doc.sections) == 4
