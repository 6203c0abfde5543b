"""Organisations on real text: kinds from head words, acronyms, cue lists, stop-list."""

from __future__ import annotations

from tests.extract.conftest import at

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.organisations import org_kind

Found = dict[str, tuple[Document, list[Candidate]]]


def _entity(candidate: Candidate) -> str:
    return dict(candidate.links).get("entity") or dict(candidate.links)["candidate"]


def test_head_words_give_the_kind(proposed: Found) -> None:
    doc, found = proposed["102"]
    expected = {
        "Industrial Technology Research Institute": "research institute",
        "Ministry of Economic Affairs": "public authority",
        "Asian Development Bank": "financial institution",
        "Taiwan Semiconductor Manufacturing Company": "company",
        "United Microelectronics Corporation": "company",
    }
    for name, kind in expected.items():
        hits = at(doc, found, name, "organisation")
        assert hits and {c.kind for c in hits} == {kind}, name


def test_an_acronym_defined_in_brackets_is_the_same_organisation(proposed: Found) -> None:
    doc, found = proposed["102"]
    full = at(doc, found, "Industrial Technology Research Institute", "organisation")
    short = at(doc, found, "ITRI", "organisation")
    assert short and {_entity(c) for c in short} == {_entity(full[0])}
    assert all(c.method == "organisations:acronym" for c in short)


def test_companies_listed_after_a_cue_are_companies(proposed: Found) -> None:
    doc, found = proposed["102"]
    for name in ("Acer", "Asus", "Foxconn"):
        hits = at(doc, found, name, "organisation")
        assert hits and hits[0].kind == "company" and hits[0].method == "organisations:cue-list"


def test_two_names_joined_by_and_are_two_organisations(proposed: Found) -> None:
    doc, found = proposed["102"]
    joined = [c for c in found if " and United Microelectronics" in doc.text[c.start : c.end]]
    assert joined == []


def test_generic_words_and_headings_are_not_organisations_or_clusters(proposed: Found) -> None:
    generic = {"Table", "Figure", "Paper", "Discussion Paper", "Innovation", "January",
               "University", "Institute", "Government", "Federal Government", "Council"}
    for doc, found in proposed.values():
        texts = {doc.text[c.start : c.end] for c in found
                 if c.category in ("organisation", "cluster")}  # fmt: skip
        assert not texts & generic


def test_a_name_needs_more_than_a_head_and_generic_words() -> None:
    assert org_kind("Federal Government") is None
    assert org_kind("Bank Street Station") is None
    assert org_kind("University of Oxford") == "university"
    assert org_kind("Crossrail Ltd") == "company"
