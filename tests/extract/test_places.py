"""Places on real text: countries, regions with NUTS/ITL codes, cities, and what is not one."""

from __future__ import annotations

from tests.extract.conftest import at

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate

Found = dict[str, tuple[Document, list[Candidate]]]


def test_a_country_is_linked_to_its_iso_code(proposed: Found) -> None:
    doc, found = proposed["102"]
    taiwan = at(doc, found, "Taiwan", "place")
    assert taiwan and all(("iso3166-1", "TW") in c.links and c.kind == "country" for c in taiwan)
    assert all(c.method == "places:iso3166" and c.confidence >= 0.9 for c in taiwan)


def test_an_english_region_gets_its_itl_code_and_no_nuts_2021_code(proposed: Found) -> None:
    doc, found = proposed["106"]
    north_west = at(doc, found, "North West", "place")
    assert north_west and all(("itl", "TLD") in c.links for c in north_west)
    assert all(("iso3166-1", "GB") in c.links and c.kind == "region" for c in north_west)
    assert not [c for c in found if any(scheme == "nuts2021" for scheme, _ in c.links)
                and ("iso3166-1", "GB") in c.links]  # fmt: skip


def test_a_taiwanese_city_or_county_is_placed_in_taiwan(proposed: Found) -> None:
    doc, found = proposed["102"]
    kaohsiung = at(doc, found, "Kaohsiung", "place")
    assert kaohsiung and all(("iso3166-1", "TW") in c.links for c in kaohsiung)


def test_an_ambiguous_city_is_read_in_the_documents_country(proposed: Found) -> None:
    doc, found = proposed["106"]
    cambridge = at(doc, found, "Cambridge", "place")
    assert cambridge and all(("iso3166-1", "GB") in c.links for c in cambridge)
    doc, found = proposed["101"]
    san_jose = at(doc, found, "San Jose", "place")  # not the Costa Rican province
    assert san_jose and all(("iso3166-1", "US") in c.links for c in san_jose)


def test_demonyms_and_generic_capitalised_words_are_not_places(proposed: Found) -> None:
    for doc, found in proposed.values():
        texts = {doc.text[c.start : c.end] for c in found if c.category == "place"}
        assert not texts & {"Russian", "Taiwanese", "British", "American", "University",
                            "Hub", "Alliance", "Most", "Union", "Bank", "Asia"}  # fmt: skip


def test_reference_lists_are_not_read_for_places(proposed: Found) -> None:
    doc, found = proposed["101"]
    references = [(r.span.start, r.span.end) for r in doc.references]
    assert references
    assert not [c for c in found if any(s <= c.start < e for s, e in references)]
