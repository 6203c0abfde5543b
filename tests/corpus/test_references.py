"""Reference parsing and cross-document deduplication on the real corpus."""

from __future__ import annotations

import pytest

from s3kg.config import Settings
from s3kg.corpus.citations import (
    SIMILAR_TITLES,
    Work,
    ascii_fold,
    group_works,
    normalise_title,
    same_work,
    title_similarity,
    work_key,
)
from s3kg.corpus.reader import Document, TextSpan, load_corpus
from s3kg.corpus.references import Reference, normalise_doi


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    return {doc.key: doc for doc in load_corpus(Settings().corpus_dir)}


@pytest.fixture(scope="module")
def works(corpus: dict[str, Document]) -> list[Work]:
    return group_works({key: doc.references for key, doc in corpus.items()})


def by_slug(works: list[Work], prefix: str) -> list[Work]:
    return [w for w in works if w.slug.startswith(prefix)]


def ref(
    title: str,
    year: int | None = 2015,
    authors: tuple[str, ...] = ("Kutsenko E.",),
    doi: str | None = None,
) -> Reference:
    return Reference(
        1, TextSpan(0, 0, ""), (1,), authors=list(authors), year=year, title=title, doi=doi
    )


@pytest.mark.parametrize(
    ("key", "count"), [("000", 0), ("001", 18), ("002", 0), ("003", 0), ("004", 55)]
)
def test_reference_counts(corpus: dict[str, Document], key: str, count: int) -> None:
    refs = corpus[key].references
    assert [r.position for r in refs] == list(range(1, count + 1))


def test_numbered_list_keeps_order_of_appearance(corpus: dict[str, Document]) -> None:
    refs = corpus["001"].references
    labels = [r.label for r in refs]
    # The printed numbering repeats 4 and skips 5; position is what counts.
    assert labels[3:6] == ["4", "4", "6"]
    assert labels[-1] == "18" and refs[-1].authors[0].startswith("Smorodinskaya")


def test_apa_entries_drop_the_bullet(corpus: dict[str, Document]) -> None:
    for r in corpus["004"].references:
        assert not r.span.text.startswith("-")
        assert r.year is not None and r.title, r.span.text[:30]


@pytest.mark.parametrize(
    ("key", "position", "field", "expected"),
    [
        pytest.param("001", 4, "volume", "6", id="001-journal-volume"),
        pytest.param("001", 4, "pages", "16-27", id="001-journal-pages"),
        pytest.param(
            "001", 11, "publisher", "Boston, Harvard Business Review Book Series", id="001-book"
        ),
        pytest.param("001", 13, "doi", "10.17323/1995-459x.2015.1.32.55", id="001-doi"),
        pytest.param("001", 14, "title", "The Cluster Initiative Greenbook 2.0", id="001-title"),
        pytest.param("004", 17, "doi", "10.1177/0309132510376257", id="004-doi-percent-2f"),
        pytest.param("004", 20, "issue", "18", id="004-issue-after-space"),
        pytest.param("004", 42, "issue", "6–7", id="004-issue-range"),
        pytest.param("004", 40, "container", "On competition", id="004-chapter-book"),
        pytest.param("004", 40, "pages", "197–287", id="004-chapter-pages"),
        pytest.param("004", 1, "publisher", "Routledge", id="004-chapter-publisher"),
        pytest.param("004", 5, "container", None, id="004-book-has-no-container"),
        pytest.param("004", 4, "url", "https://doi.org/10.1108/08858621311302895", id="004-url"),
    ],
)
def test_fields(
    corpus: dict[str, Document], key: str, position: int, field: str, expected: object
) -> None:
    assert getattr(corpus[key].references[position - 1], field) == expected


@pytest.mark.parametrize(
    ("key", "position", "authors"),
    [
        pytest.param(
            "004", 1, ["Asheim, B. T.", "Cooke, P.", "Martin, R."], id="comma-before-year"
        ),
        pytest.param(
            "004", 20, ["Ivanov Y.", "Annenkova E.", "Ponomarenko E."], id="initials-after"
        ),
        pytest.param("004", 31, ["Menzel, M.-P.", "Fornahl, D."], id="hyphenated-initials"),
        pytest.param("004", 30, ["Meier Kocker, G.", "Muller, L."], id="two-word-surname"),
        pytest.param("004", 10, [], id="no-personal-author"),
        pytest.param("001", 5, ["Dezhina I.G."], id="double-period"),
        pytest.param("001", 3, [], id="anonymous"),
    ],
)
def test_authors(corpus: dict[str, Document], key: str, position: int, authors: list[str]) -> None:
    assert corpus[key].references[position - 1].authors == authors


def test_works_cited_by_several_documents(works: list[Work]) -> None:
    shared = {w.slug: w.cited_by for w in works if len(w.cited_by) > 1}
    assert shared == {
        "kutsenko-2015-pilot-innovative-territorial": ["001", "004"],
        "lindqvist-2013-cluster-initiative-greenbook": ["001", "004"],
    }


def test_a_chapter_is_not_its_book_but_points_at_it(works: list[Work]) -> None:
    porter_1998 = by_slug(works, "porter-1998-")
    assert len(porter_1998) == 3
    book = next(w for w in porter_1998 if w.cited_by == ["001"])
    chapter = next(w for w in porter_1998 if w.container == "On competition")
    assert chapter.part_of == book.slug and book.part_of is None
    assert all(len(w.citations) == 1 for w in porter_1998)


def test_same_author_and_year_stay_separate(works: list[Work]) -> None:
    assert len(by_slug(works, "panarina-2016-")) == 2
    assert len(by_slug(works, "smorodinskaya-2013-")) == 2
    assert len(by_slug(works, "delgado-")) == 2


def test_no_work_merges_two_entries_of_one_document(works: list[Work]) -> None:
    for work in works:
        assert len(work.cited_by) == len(work.citations), work.slug


def test_every_reference_is_in_exactly_one_work(
    corpus: dict[str, Document], works: list[Work]
) -> None:
    cited = sorted(c for w in works for c in w.citations)
    assert cited == sorted((k, r.position) for k, d in corpus.items() for r in d.references)
    assert len(works) == 71


def test_slugs_are_unique_and_stable(corpus: dict[str, Document], works: list[Work]) -> None:
    slugs = [w.slug for w in works]
    assert len(set(slugs)) == len(slugs) and slugs == sorted(slugs)
    reversed_input = {k: corpus[k].references for k in reversed(list(corpus))}
    assert [w.slug for w in group_works(reversed_input)] == slugs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://doi.org/10.1177%2F0309132510376257", "10.1177/0309132510376257"),
        ("http://dx.doi.org/10.17705/1CAIS.01601.", "10.17705/1cais.01601"),
        ("doi: 10.1093/ICC/dtp036>", "10.1093/icc/dtp036"),
    ],
)
def test_normalise_doi(raw: str, expected: str) -> None:
    assert normalise_doi(raw) == expected


def test_folding_and_title_normalisation() -> None:
    assert ascii_fold("Sölvell, Ö., Fløysand") == "Solvell, O., Floysand"
    assert normalise_title("*Business & Industry*: a-b.") == "business and industry a b"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(ref("A model"), ref("A model", doi="10.1/x"), True, id="title-year-author"),
        pytest.param(
            ref("One", doi="10.1/x"), ref("Other", year=1990, doi="10.1/X".lower()), True, id="doi"
        ),
        pytest.param(ref("A model"), ref("A model", year=2016), False, id="year-differs"),
        pytest.param(
            ref("A model"), ref("A model", authors=("Porter, M.",)), False, id="author-differs"
        ),
        pytest.param(ref("Cluster policy"), ref("Cluster politics"), False, id="title-differs"),
        pytest.param(ref("x", year=None), ref("x", year=None), False, id="no-year"),
        pytest.param(
            ref("Greenbook", authors=("Sölvell, Ö.",)),
            ref("Greenbook", authors=("Solvell O.",)),
            True,
            id="folded-surname",
        ),
    ],
)
def test_same_work(a: Reference, b: Reference, same: bool) -> None:
    assert same_work(a, b) is same


def test_work_key_prefers_the_doi() -> None:
    assert work_key(ref("T", doi="10.1/x")) == "doi:10.1/x"
    assert work_key(ref("The *T*")) == "kutsenko|2015|the t"


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        pytest.param("Cluster policy", "Cluster politics", False, id="one-word-apart"),
        # An invented ten-word title, with and without a transposition typo.
        pytest.param(
            "Innovation systems and territorial clusters of the regions in modern economies",
            "Innovation systems and terrotirial clusters of the regions in modern economies",
            True,
            id="typo-in-a-long-title",
        ),
        pytest.param("A Greenbook", "A Greenbook 2.0", False, id="short-title-plus-edition"),
        pytest.param("The Greenbook 2.0", "*The greenbook 2.0*", True, id="case-and-markdown"),
    ],
)
def test_title_similarity(a: str, b: str, similar: bool) -> None:
    assert (title_similarity(a, b) >= SIMILAR_TITLES) is similar
