"""Locator parsing, resolution against the real corpus, and every error path."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from s3kg.config import Settings
from s3kg.corpus.locators import Locator, LocatorError, parse_locator, resolve
from s3kg.corpus.reader import Document, load_corpus
from s3kg.errors import InputError


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    return {doc.key: doc for doc in load_corpus(Settings().corpus_dir)}


CANONICAL = [
    "004:p52",
    "004:p52-p54",
    "004:table-2",
    "004:table-2/row-3",
    "004:table-2/row-3/item-2",
    "004:list-2",
    "004:list-2/item-5",
    "004:figure-2",
    "004:figure-2/cell-2-1",
    "004:ref-17",
    "004:keywords",
    "004:title",
    '004:p29 "380 clusters"',
    '004:p29 "the"#2',
    '004:table-2/row-1 "say \\"hi\\" \\\\ there"',
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_locators_round_trip(text: str) -> None:
    assert str(parse_locator(text)) == text


def test_parse_fields() -> None:
    loc = parse_locator('  004:figure-2/cell-5-2 "a \\"b\\""#3 ')
    assert loc == Locator("004", "figure", (2, 5, 2), 'a "b"', 3)


@pytest.mark.parametrize(
    ("text", "blocks", "label"),
    [
        pytest.param("004:p29", (29,), "004, paragraph 29", id="block"),
        pytest.param("004:p29-p31", (29, 30, 31), "004, paragraphs 29-31", id="block-range"),
        pytest.param("004:table-1", (50, 51, 52, 53, 54, 55), "004, Table 1", id="table"),
        pytest.param("004:table-1/row-1", (52,), "004, Table 1, row 1 (USA)", id="row"),
        pytest.param(
            "004:table-1/row-1/item-2", (52,), "004, Table 1, row 1 (USA), item 2", id="item"
        ),
        pytest.param("004:list-1/item-2", (78, 79), "004, list 1, item 2", id="joined-item"),
        pytest.param("004:list-2", tuple(range(133, 145)), "004, list 2", id="list"),
        pytest.param("004:figure-2/cell-2-1", (123,), "004, Figure 2, cell 2-1", id="cell"),
        pytest.param("004:ref-17", (167,), "004, reference 17", id="ref"),
        pytest.param("001:ref-18", (21,), "001, reference 18", id="numbered-ref"),
        pytest.param("003:keywords", (6,), "003, keywords", id="keywords"),
        pytest.param("004:title", (1,), "004, title", id="title"),
        pytest.param(
            '004:p29 "380 clusters"', (29,), "004, paragraph 29, “380 clusters”", id="quote"
        ),
    ],
)
def test_resolve(
    corpus: dict[str, Document], text: str, blocks: tuple[int, ...], label: str
) -> None:
    found = resolve(text, corpus)
    doc = corpus[found.doc]
    assert doc.text[found.span.start : found.span.end] == found.span.text
    assert (found.blocks, found.label) == (blocks, label)
    assert found.locator == parse_locator(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("004:figure-2/cell-2-2", "MICRO-EFFECTS OF CLUSTERING", id="label-only-cell"),
        pytest.param("004:table-1/row-1/item-2", "developed infrastructure", id="item"),
        pytest.param('004:p29 "380 clusters"', "380 clusters", id="quote"),
    ],
)
def test_resolved_text(corpus: dict[str, Document], text: str, expected: str) -> None:
    assert resolve(text, corpus).span.text == expected


def test_label_and_content_cell_covers_both(corpus: dict[str, Document]) -> None:
    span = resolve("004:figure-2/cell-5-2", corpus).span
    assert span.text.startswith("MACRO-EFFECTS OF CLUSTERING ") and len(span.text) > 40


def test_quote_picks_the_nth_occurrence(corpus: dict[str, Document]) -> None:
    block = corpus["004"].block(29).span
    first, second = (resolve(f'004:p29 "the"#{n}', corpus).span for n in (1, 2))
    assert block.start <= first.start < second.start < block.end
    assert first.text == second.text == "the"


def test_locator_error_is_an_input_error() -> None:
    assert issubclass(LocatorError, InputError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("p52", "expected DOC:TARGET", id="no-doc"),
        pytest.param("004:", "expected DOC:TARGET", id="no-target"),
        pytest.param("004:paragraph-3", "unknown target 'paragraph-3'", id="unknown-target"),
        pytest.param("004:p0", "unknown target 'p0'.*numbers start at 1", id="zero"),
        pytest.param("004:p54-p52", "block range p54-p52 is reversed", id="reversed"),
        pytest.param('004:p1 "abc', "the quote must be", id="unterminated-quote"),
        pytest.param('004:p1 "abc" x', "nothing after it", id="junk-after-quote"),
        pytest.param('004:p1 ""', "quoted span is empty", id="empty-quote"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(LocatorError, match=message):
        parse_locator(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "009:p1", r"unknown document '009' \(known: 000, 001, 002, 003, 004\)", id="doc"
        ),
        pytest.param(
            "004:p999", r"no block 999 in document 004 \(it has blocks 1-212\)", id="block"
        ),
        pytest.param("004:p3-p999", "no block 999 in document 004", id="range-end"),
        pytest.param(
            "004:table-4", r"no table 4 in document 004 \(it has tables 1-3\)", id="table"
        ),
        pytest.param("004:table-2/row-9", r"no row 9 in table 2 \(it has rows 1-5\)", id="row"),
        pytest.param("004:table-2/row-1/item-9", "no item 9 in table 2 row 1", id="item"),
        pytest.param(
            "000:list-1/item-1", r"no list 1 in document 000 \(it has no lists\)", id="list"
        ),
        pytest.param(
            "004:list-1/item-6", r"no item 6 in list 1 \(it has items 1-5\)", id="list-item"
        ),
        pytest.param("004:figure-3", "no figure 3 in document 004", id="figure"),
        pytest.param("004:figure-1/cell-1-1", r"figure 1 \(it has no grid\)", id="no-grid"),
        pytest.param("004:figure-2/cell-7-1", "rows 1-6 and columns 1-3", id="cell"),
        pytest.param("002:ref-1", "no reference 1 in document 002", id="ref"),
        pytest.param("002:keywords", "document 002 has no keywords", id="keywords"),
        pytest.param('004:p29 "380 Clusters"', "not found.*case-sensitive", id="quote-missing"),
        pytest.param('004:p29 "the"', "occurs [0-9]+ times.*add #1-#", id="quote-ambiguous"),
        pytest.param('004:p29 "380 clusters"#2', "occurs only 1 time", id="quote-nth"),
    ],
)
def test_resolve_errors(corpus: dict[str, Document], text: str, message: str) -> None:
    with pytest.raises(LocatorError, match=message) as caught:
        resolve(text, corpus)
    assert repr(text) in str(caught.value)


@given(st.text(max_size=60))
def test_parse_raises_only_locator_errors(text: str) -> None:
    try:
        loc = parse_locator(text)
    except LocatorError:
        return
    assert str(parse_locator(str(loc))) == str(loc)


_n = st.integers(min_value=1, max_value=999)
_targets = st.one_of(
    st.tuples(st.just("block"), _n),
    _n.flatmap(lambda a: st.tuples(st.just("block"), st.just(a), st.integers(a, a + 50))),
    st.tuples(st.just("table"), _n),
    st.tuples(st.just("table"), _n, _n),
    st.tuples(st.just("table"), _n, _n, _n),
    st.tuples(st.just("list"), _n),
    st.tuples(st.just("list"), _n, _n),
    st.tuples(st.just("figure"), _n),
    st.tuples(st.just("figure"), _n, _n, _n),
    st.tuples(st.just("ref"), _n),
    st.tuples(st.sampled_from(["keywords", "title"])),
)
_quotes = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(st.text(st.characters(exclude_characters="\n"), min_size=1), st.none() | _n),
)


@given(st.from_regex(r"[0-9A-Za-z_]{1,5}", fullmatch=True), _targets, _quotes)
def test_well_formed_locators_round_trip(
    doc: str, target: tuple[object, ...], quote: tuple[str | None, int | None]
) -> None:
    kind, *numbers = target
    loc = Locator(doc, str(kind), tuple(int(str(n)) for n in numbers), *quote)
    assert parse_locator(str(loc)) == loc
    assert str(parse_locator(str(loc))) == str(loc)


def test_a_page_locator_that_does_not_resolve_says_why() -> None:
    """Regression: rendering a page locator for its error message raised KeyError."""
    parsed = parse_locator("004:page-3")
    assert str(parsed) == "004:page-3"
    doc = next(d for d in load_corpus(Settings().corpus_dir) if d.key == "004")
    with pytest.raises(LocatorError, match=r"no page 3 in document 004 \(it has no pages\)"):
        resolve(parsed, {"004": doc})
