"""The stage API: registry, ordering, categories and a picklable context."""

from __future__ import annotations

import pickle

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import CATEGORIES, Candidate
from s3kg.extract.context import Context
from s3kg.extract.run import EXTRACTORS, propose

Found = dict[str, tuple[Document, list[Candidate]]]


def test_candidates_are_sorted_located_and_resolved(proposed: Found) -> None:
    for doc, found in proposed.values():
        assert found == sorted(found, key=lambda c: (c.start, c.end, c.category, c.label, c.method))
        for candidate in found:
            assert candidate.category in CATEGORIES
            assert 0 < candidate.end <= len(doc.text)
            assert doc.text[candidate.start : candidate.end].strip()
            links = dict(candidate.links)
            assert ("entity" in links) != ("candidate" in links)


def test_every_entity_category_is_proposed_in_a_tuning_document(proposed: Found) -> None:
    categories = {c.category for _, found in proposed.values() for c in found}
    assert {"cluster", "organisation", "place", "sector"} <= categories


def test_the_context_pickles_and_gives_the_same_candidates(
    context: Context, proposed: Found
) -> None:
    again = pickle.loads(pickle.dumps(context))
    assert again.digest() == context.digest()
    doc, found = proposed["108"]
    assert propose(doc, again) == found


def test_the_registry_holds_plain_functions() -> None:
    assert all(callable(extractor) for extractor in EXTRACTORS)


def test_the_cached_tables_are_keyed_by_the_code_that_makes_them(context: Context) -> None:
    """A change to the gazetteer code makes the place and NACE tables again (and changes
    the context's digest), rather than reading a table an older rule made."""
    assert any(source.startswith("code:") for source in context.sources)
