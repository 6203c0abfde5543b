"""Places on real text: countries, regions with NUTS/ITL codes, cities, and what is not one."""

from __future__ import annotations

from collections.abc import Callable

from tests.extract.conftest import at

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.lexicon import Entry
from s3kg.extract.places import extract_places

Found = dict[str, tuple[Document, list[Candidate]]]
Maker = Callable[[str], Document]


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
                            "Hub", "Alliance", "Most", "Union", "Bank"}  # fmt: skip


def test_reference_lists_are_not_read_for_places(proposed: Found) -> None:
    doc, found = proposed["101"]
    references = [(r.span.start, r.span.end) for r in doc.references]
    assert references
    assert not [c for c in found if any(s <= c.start < e for s, e in references)]


def _places(doc: Document, context: Context) -> dict[str, Candidate]:
    return {doc.text[c.start : c.end]: c for c in extract_places(doc, context)}


def test_country_acronyms_are_found_in_capitals_only(make_doc: Maker, context: Context) -> None:
    doc = make_doc("Sales in the UK and the USA grew, and UK-based firms hired; the uk is not.")
    found = _places(doc, context)
    assert ("iso3166-1", "GB") in found["UK"].links and ("iso3166-1", "US") in found["USA"].links
    starts = [c.start for c in extract_places(doc, context) if doc.text[c.start : c.end] == "UK"]
    assert len(starts) == 2 and "uk" not in found


def test_an_exact_entry_needs_its_own_written_form() -> None:
    entry = Entry("United Kingdom", "country", exact=True, form="UK")
    assert entry.matches("UK") and not entry.matches("uk") and not entry.matches("Uk")
    assert Entry("Acme", "company").matches("ACME")


def test_continents_and_world_regions_are_regions(make_doc: Maker, context: Context) -> None:
    doc = make_doc("Exports to Europe, Latin America and the Middle East rose.")
    found = _places(doc, context)
    assert {name: c.kind for name, c in found.items()} == {
        "Europe": "region", "Latin America": "region", "Middle East": "region",
    }  # fmt: skip


def test_historical_states_are_countries(make_doc: Maker, context: Context) -> None:
    doc = make_doc("After the Soviet Union fell, trade with Yugoslavia and the USSR stopped.")
    found = _places(doc, context)
    assert {found[n].kind for n in ("Soviet Union", "Yugoslavia", "USSR")} == {"country"}
    assert found["Soviet Union"].links[0] == ("iso3166-3", "SUHH")
