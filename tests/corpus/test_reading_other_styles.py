"""The reader on small made-up documents in the layouts of converted PDFs, web pages and
office files: headings, bullet and numbered lists, ``|`` tables, front matter, reference
lists in several styles, notes and links."""

from __future__ import annotations

from pathlib import Path

import pytest

from s3kg.corpus.citations import group_works
from s3kg.corpus.reader import Document, TextSpan, load_document
from s3kg.corpus.references import Reference, parse_entry

BODY = (
    "The regional cluster brought together firms, universities and the city government, "
    "and it grew over ten years into a network of more than two hundred members."
)


def read(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "501_made_up.txt"
    path.write_text(text, "utf-8")
    return load_document(path)


def entry(text: str) -> Reference:
    return parse_entry(TextSpan(0, len(text), text), 1, (1,), "1")


def test_headings_before_paragraphs_that_end_in_note_calls(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        f"A made-up article\n\n{BODY}\n\nOrigins of the park\n\n{BODY[:-1]}.[3]\n\n"
        f"U.S. policy since 1990\n\n{BODY[:-1]}.[12][13]\n\nShort notes\n\n"
        "The park was opened in spring by the mayor.\n\nReferences\n\n[3] A. Author, 2001.\n",
    )
    assert [s.slug for s in doc.sections] == [
        "origins-of-the-park",
        "u-s-policy-since-1990",
        "short-notes",
        "references",
    ]
    assert doc.sections[0].heading_block == 3 and doc.sections[0].last_block == 4


def test_nested_headings_and_empty_sections(tmp_path: Path) -> None:
    doc = read(tmp_path, f"T\n\n{BODY}\n\nEconomy\n\nIndustry\n\nMachinery\n\n{BODY}\n\nEnd\n")
    assert [(s.slug, s.heading_block, s.last_block) for s in doc.sections] == [
        ("economy", 3, 3),
        ("industry", 4, 4),
        ("machinery", 5, 7),
    ]


def test_front_matter_lines_are_no_headings(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "Clusters in a made-up region\n\nJane Q. Public and John Roe\n\nExample University, "
        f"Nowhere\n\nAbstract\n\n{BODY}\n\nKeywords: clusters; regions; policy\n\nIntroduction"
        f"\n\n{BODY}\n\nCite as: Public, J. Q. (2021). Clusters. doi:10.1234/abc.5\n",
    )
    assert [s.slug for s in doc.sections] == ["abstract", "introduction"]
    assert [a.text for a in doc.authors] == ["Jane Q. Public", "John Roe"]
    assert doc.year == 2021 and doc.doi == "10.1234/abc.5"
    assert doc.abstract is not None and doc.abstract.text == BODY
    assert [k.text for k in doc.keywords] == ["clusters", "regions", "policy"]


def test_statute_headings_and_clauses(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "An act\n\n§ 1. Grants\n\n(a) Definitions\n\nIn this section:\n\n(1) Eligible body\n\n"
        "The term means\n\n(A) a State;\n\n(B) a city; and\n\n(C) a university.\n\n"
        "(b) Funding\n\nThere is authorized to be appropriated\n\n(1) $5 for 2024; and\n\n"
        "(2) $6 for 2025.\n",
    )
    assert [s.heading.text for s in doc.sections] == [
        "§ 1. Grants",
        "(a) Definitions",
        "(1) Eligible body",
        "(b) Funding",
    ]
    assert [[i.marker for i in lst.items] for lst in doc.lists] == [
        ["(A)", "(B)", "(C)"],
        ["(1)", "(2)"],
    ]


@pytest.mark.parametrize(
    ("items", "kind", "markers"),
    [
        pytest.param(["- apples", "- pears", "- plums"], "bulleted", ["-"] * 3, id="dash"),
        pytest.param(["• apples", "• pears"], "bulleted", ["•"] * 2, id="bullet"),
        pytest.param(["* apples", "* pears"], "bulleted", ["*"] * 2, id="star"),
        pytest.param(["1. apples", "2. pears"], "numbered", ["1.", "2."], id="dot"),
        pytest.param(["1) apples", "2) pears"], "numbered", ["1)", "2)"], id="paren"),
        pytest.param(["a) apples", "b) pears"], "numbered", ["a)", "b)"], id="letter"),
        pytest.param(["(i) apples", "(ii) pears"], "numbered", ["(i)", "(ii)"], id="roman"),
    ],
)
def test_list_markers(tmp_path: Path, items: list[str], kind: str, markers: list[str]) -> None:
    doc = read(tmp_path, "T\n\nWe grow the following fruit:\n\n" + "\n".join(items) + "\n\nEnd.\n")
    (found,) = doc.lists
    assert found.kind == kind and [i.marker for i in found.items] == markers
    assert [i.number for i in found.items] == list(range(1, len(items) + 1))
    assert [i.span.text for i in found.items] == [i.split(" ", 1)[1] for i in items]


def test_lists_need_two_items_and_do_not_cross_headings(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        f"T\n\n{BODY}\n\n- a single bullet\n\n{BODY}\n\nFruit\n\n- apples\n- pears\n"
        f"Vegetables\n\n- leeks\n- beans\n\n{BODY}\n",
    )
    assert [[i.span.text for i in lst.items] for lst in doc.lists] == [
        ["apples", "pears"],
        ["leeks", "beans"],
    ]


def test_a_wrapped_bullet_and_a_source_note(tmp_path: Path) -> None:
    doc = read(
        tmp_path, "T\n\n- first item that\ngoes on\n(Source: survey)\n- second\n(Source: x)\n"
    )
    first, second = doc.lists[0].items
    assert first.blocks == (2, 3, 4) and first.span.text.endswith("(Source: survey)")
    assert second.blocks == (5,)  # the note after the last item is not part of the list


def test_pipe_table_with_caption_header_and_source(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "T\n\nTable: Firms by year\n\nYear | Firms | Share\n2019 | 120 | 5 %\n2020 | 150 | "
        "6 %\n\nSource: made up\n",
    )
    (table,) = doc.tables
    assert (table.layout, table.index, table.title.text) == ("pipe", 1, "Firms by year")
    assert [h.text for h in table.header] == ["Year", "Firms", "Share"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["2019", "120", "5 %"],
        ["2020", "150", "6 %"],
    ]
    row = table.rows[0]
    assert (row.label.text, row.cell.text, [i.text for i in row.items]) == (
        "2019",
        "120 | 5 %",
        ["120", "5 %"],
    )
    assert table.source is not None and table.source.text == "Source: made up"


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        pytest.param(["Name | Field", "Alpha | Physics", "Beta | Biology"], 0, id="all-words"),
        pytest.param(["Name | Staff", "Alpha | 12", "Beta | 30"], 2, id="numeric-column"),
        pytest.param([" | 2001 | 2002", "Alpha | 1 | 2", "Beta | 3 | 4"], 3, id="corner"),
        pytest.param(["| Name | Staff |", "|---|---|", "| Alpha | x |"], 2, id="markdown"),
    ],
)
def test_pipe_table_headers(tmp_path: Path, rows: list[str], header: int) -> None:
    doc = read(tmp_path, "T\n\n" + "\n".join(rows) + "\n")
    (table,) = doc.tables
    assert len(table.header) == header
    assert len(table.rows) == len([r for r in rows if "---" not in r]) - (1 if header else 0)


def test_one_pipe_line_is_no_table(tmp_path: Path) -> None:
    doc = read(tmp_path, f"T\n\nPhoto: Someone | Agency\n\n{BODY}\n")
    assert doc.tables == [] and doc.sections == []


def test_pipe_tables_after_tab_tables_get_free_numbers(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "T\n\nTable 1\nA tab table\nKey\tValue\nx\ty\n\nA | B\nC | D\n\nTable 2\nAnother\nK\tV\n"
        "a\tb\n",
    )
    assert [(t.layout, t.index) for t in doc.tables] == [("tab", 1), ("pipe", 3), ("tab", 2)]


@pytest.mark.parametrize(
    ("text", "authors", "year", "title", "container"),
    [
        pytest.param(
            "Porter ME, Stern S. Clusters and regional growth. Res Policy. 2014;43(10):1785-99.",
            ["Porter ME", "Stern S"], 2014, "Clusters and regional growth.", "Res Policy",
            id="vancouver",
        ),
        pytest.param(
            "Foray D. 2015. Smart specialisation in practice. Routledge.",
            ["Foray D."], 2015, "Smart specialisation in practice", "Routledge.",
            id="author-year",
        ),
        pytest.param(
            "Ketels, C. (2013). Recent research on clusters. *Regional Studies*, 6(2), 269-284.",
            ["Ketels, C."], 2013, "Recent research on clusters", "Regional Studies",
            id="apa",
        ),
        pytest.param(
            'Jane Roe, "A history of the valley", Business History 2003 4(3): 521–543',
            ["Jane Roe"], 2003, "A history of the valley", "Business History",
            id="quoted",
        ),
        pytest.param(
            "How parks grow, by John Roe, Example Institute, 16 March 2006",
            ["John Roe"], 2006, "How parks grow", "Example Institute",
            id="web-by",
        ),
        pytest.param(
            "Parks open downtown. Example Times, 15 January 2009. Retrieved 2 May 2019.",
            [], 2009, "Parks open downtown", "Example Times",
            id="news",
        ),
    ],
)  # fmt: skip
def test_reference_styles(
    text: str, authors: list[str], year: int, title: str, container: str
) -> None:
    ref = entry(text)
    assert ref.kind == "work"
    assert (ref.authors, ref.year, ref.title) == (authors, year, title.rstrip("."))
    assert (ref.container or "").rstrip(".") == container.rstrip(".")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("The newsletter was printed weekly in the town until the war.", "note"),
        pytest.param("For the history of the border see the treaty text", "note"),
        pytest.param("Roe et al., Op. cit., 2011, p. 6.", "note"),
        pytest.param("According to the survey, the rate was 5% in 2010.", "note"),
        pytest.param("https://example.org/report.pdf", "link"),
        pytest.param("<https://example.org/a> Retrieved 2 May 2019.", "link"),
        pytest.param("Parks may be closed. Example News. 08.07.2016.", "work"),
        pytest.param("Should the valley be a city?, Example Times, 31 July 2010", "work"),
    ],
)
def test_notes_links_and_works(text: str, kind: str) -> None:
    ref = entry(text)
    assert ref.kind == kind
    if kind != "work":
        assert (ref.title, ref.authors, ref.year) == ("", [], None)
    if kind == "link":
        assert ref.url is not None and ref.url.startswith("https://example.org/")


def test_reference_list_under_notes_and_sources_headings(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        f"T\n\n{BODY}\n\nNotes\n\n1) The figure is rounded and was checked twice.\n2) https://"
        "example.org/x\n\nSources\n\n• Roe, J. (2001). A book on parks. Example Press.\n",
    )
    assert [(r.label, r.kind) for r in doc.references] == [("1", "note"), ("2", "link"),
                                                          (None, "work")]  # fmt: skip
    assert [r.position for r in doc.references] == [1, 2, 3]


def test_unmarked_reference_list(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        f"T\n\n{BODY}\n\nBibliography\n\nRoe, J. (2001). A book on parks. Example Press.\n"
        "Poe, E. (2005). Another book. Example Press.\n\nAppendix\n\n" + BODY + "\n",
    )
    assert [r.authors for r in doc.references] == [["Roe, J."], ["Poe, E."]]


def test_two_url_only_notes_do_not_crash_naming_works(tmp_path: Path) -> None:
    """Regression: two entries that are only URLs got the same empty work key, and sorting
    the works fell through to comparing Reference objects (TypeError)."""
    bare = [
        Reference(n, TextSpan(0, 0, ""), (n,), str(n), url=f"https://example.org/{n}")
        for n in (1, 2)
    ]
    works = group_works({"501": bare, "502": bare[:1]})
    assert [w.citations for w in works] == [[("501", 1), ("502", 1)], [("501", 2)]]
    assert [w.url for w in works] == ["https://example.org/1", "https://example.org/2"]
    assert len({w.slug for w in works}) == 2
    doc = read(
        tmp_path,
        f"T\n\n{BODY}\n\nReferences\n\n[1] https://example.org/a\n[2] https://example.org/b\n"
        "[3] https://example.org/a\n",
    )
    assert [r.kind for r in doc.references] == ["link"] * 3
    linked = group_works({doc.key: doc.references})
    assert sorted(len(w.citations) for w in linked) == [1, 2]


def test_same_empty_key_twice_sorts_by_where_it_was_cited() -> None:
    anonymous = [Reference(n, TextSpan(0, 0, ""), (n,), None) for n in (1, 2)]
    works = group_works({"501": anonymous})
    assert [w.citations for w in works] == [[("501", 1)], [("501", 2)]]
