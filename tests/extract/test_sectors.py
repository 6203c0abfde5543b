"""Sectors on real text, classified by NACE Rev. 2."""

from __future__ import annotations

from collections.abc import Callable

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.sectors import extract_sectors, nace_for
from s3kg.extract.sectors_data import BROAD, SYNONYMS

Found = dict[str, tuple[Document, list[Candidate]]]
Maker = Callable[[str], Document]


def _codes(doc: Document, found: list[Candidate], word: str) -> set[str]:
    return {dict(c.links)["nace"] for c in found
            if c.category == "sector" and doc.text[c.start : c.end].casefold() == word}  # fmt: skip


def test_synonyms_map_sector_words_to_nace(proposed: Found) -> None:
    doc, found = proposed["108"]
    assert _codes(doc, found, "automotive") == {"29"}
    doc, found = proposed["102"]
    assert _codes(doc, found, "semiconductor") == {"26.1"}


def test_a_sector_names_the_nace_concept_as_its_entity(proposed: Found) -> None:
    _, found = proposed["106"]
    aerospace = [c for c in found if c.category == "sector" and dict(c.links).get("nace") == "30.3"]
    assert aerospace
    assert dict(aerospace[0].links)["entity"] == "http://data.europa.eu/ux2/nace2/303"


def test_every_synonym_code_is_a_nace_code(context: Context) -> None:
    assert set(SYNONYMS) <= set(context.nace)
    assert {code for _, code in BROAD.values() if code} <= set(context.nace)


def test_a_broad_word_inside_a_longer_adjective_is_not_the_sector(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("Loans to the non-financial sector grew.")
    assert not [c for c in extract_sectors(doc, context) if c.method == "sectors:broad"]


def test_other_industry_words_are_matched_to_nace_labels(context: Context) -> None:
    assert nace_for(["textile"], context.nace) == "13"
    assert nace_for(["furniture"], context.nace) == "31"
    assert nace_for(["happiness"], context.nace) is None


def test_energy_technologies_are_electricity_production(make_doc: Maker, context: Context) -> None:
    doc = make_doc("Investment in offshore wind, nuclear energy and solar power grew.")
    found = {doc.text[c.start : c.end]: dict(c.links)["nace"]
             for c in extract_sectors(doc, context)}  # fmt: skip
    assert found == {"offshore wind": "35.11", "nuclear energy": "35.11", "solar power": "35.11"}


def test_a_word_that_also_names_a_product_is_less_sure(make_doc: Maker, context: Context) -> None:
    doc = make_doc("The steel was cheap. The steel industry grew, as did aerospace.")
    found = [(doc.text[c.start : c.end], c.confidence) for c in extract_sectors(doc, context)]
    assert found == [("steel", 0.6), ("steel", 0.8), ("aerospace", 0.8)]


def test_a_function_word_is_not_a_kind_of_industry(make_doc: Maker, context: Context) -> None:
    doc = make_doc("Growth came from tourism and the industry as a whole.")
    assert [c for c in extract_sectors(doc, context) if c.method == "sectors:nace-label"] == []


def test_a_field_without_a_nace_class_is_a_sector_without_a_code(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("Northtown grew on fintech and life sciences, and on aerospace.")
    found = {doc.text[c.start : c.end]: (c.kind, dict(c.links).get("nace"))
             for c in extract_sectors(doc, context)}  # fmt: skip
    assert found == {
        "fintech": ("field", None), "life sciences": ("field", None), "aerospace": ("nace", "30.3"),
    }  # fmt: skip


def test_a_broad_part_of_the_economy_before_sector_is_named_without_the_word(
    make_doc: Maker, context: Context
) -> None:
    doc = make_doc("The service sector and the financial sector outgrew the creative industries.")
    found = {doc.text[c.start : c.end]: (c.label, dict(c.links).get("nace"), c.method)
             for c in extract_sectors(doc, context)}  # fmt: skip
    assert found == {
        "service": ("services", None, "sectors:broad"),
        "financial": ("financial and insurance activities", "K", "sectors:broad"),
        "creative": ("creative industries", None, "sectors:broad"),
    }
