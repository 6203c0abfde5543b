"""ISO 3166 codes from pycountry, NUTS 2021 from the Eurostat table, Wikidata from review."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from s3kg.errors import InputError
from s3kg.integrate.identifiers import (
    NutsUnit,
    PlaceEntry,
    PlaceIdentifiers,
    load_nuts,
    load_place_entries,
)
from s3kg.vocab.external import EU_COUNTRY, NUTS, WIKIDATA, Datatypes
from s3kg.vocab.namespaces import ID, S3KG

from .conftest import ROOT

PLACES = ROOT / "data" / "alignments" / "places.yaml"


@pytest.fixture(scope="module")
def nuts(shared_data: Path) -> dict[str, NutsUnit]:
    return load_nuts(shared_data / "nuts" / "nuts-2021.csv")


def _facts(*places: tuple[str, URIRef]) -> Graph:
    g = Graph()
    for place, cls in places:
        g.add((ID[place], RDF.type, cls))
    return g


def test_the_nuts_table_has_every_level(nuts: dict[str, NutsUnit]) -> None:
    assert nuts["DEA"] == NutsUnit("DEA", "Nordrhein-Westfalen", 1)
    assert nuts["DE"].level == 0 and nuts["EL"].level == 0
    assert {u.level for u in nuts.values()} == {0, 1, 2, 3}


def test_country_codes_come_from_pycountry(nuts: dict[str, NutsUnit]) -> None:
    out = Graph()
    report = PlaceIdentifiers(nuts, {}).add(_facts(("country/ru", S3KG.Country)), out)
    ru = ID["country/ru"]
    assert (ru, SKOS.notation, Literal("RU", datatype=Datatypes.ISO_ALPHA2)) in out
    assert (ru, SKOS.notation, Literal("RUS", datatype=Datatypes.ISO_ALPHA3)) in out
    assert (ru, SKOS.exactMatch, EU_COUNTRY.RUS) in out
    assert not list(out.objects(ru, OWL.sameAs))  # Wikidata only from the reviewed file
    assert report["countries"] == {"eu-authority": 1, "iso": 1, "total": 1}


def test_nuts_country_codes_use_eurostat_spelling(nuts: dict[str, NutsUnit]) -> None:
    out = Graph()
    facts = _facts(("country/gr", S3KG.Country), ("country/de", S3KG.Country))
    PlaceIdentifiers(nuts, {}).add(facts, out)
    assert (ID["country/gr"], SKOS.exactMatch, NUTS.EL) in out
    assert (ID["country/de"], SKOS.notation, Literal("DE", datatype=Datatypes.NUTS)) in out


def test_the_united_kingdom_gets_iso_3166_gb_but_no_nuts_2021_code(
    nuts: dict[str, NutsUnit],
) -> None:
    assert [code for code in nuts if code.startswith("UK")] == []  # statistical regions only
    out = Graph()
    report = PlaceIdentifiers(nuts, {}).add(_facts(("country/gb", S3KG.Country)), out)
    gb = ID["country/gb"]
    assert set(out.objects(gb, SKOS.notation)) == {
        Literal("GB", datatype=Datatypes.ISO_ALPHA2),
        Literal("GBR", datatype=Datatypes.ISO_ALPHA3),
    }
    assert set(out.objects(gb, SKOS.exactMatch)) == {EU_COUNTRY.GBR}
    assert "nuts" not in report["countries"]
    with pytest.raises(InputError, match="UK is not a NUTS 2021 code"):
        entries = {"country/gb": PlaceEntry(nuts="UK", reason="test")}
        PlaceIdentifiers(nuts, entries).add(_facts(("country/gb", S3KG.Country)), Graph())


@pytest.mark.parametrize("code", ["RU-TA", "RU-SAM", "RU-KLU", "RU-MOW", "US-WA", "CA-QC"])
def test_regions_get_their_iso_3166_2_code(nuts: dict[str, NutsUnit], code: str) -> None:
    assert pycountry.subdivisions.get(code=code) is not None
    out = Graph()
    place = f"region/{code.lower()}"
    PlaceIdentifiers(nuts, {}).add(_facts((place, S3KG.Region)), out)
    assert list(out.objects(ID[place], SKOS.notation)) == [
        Literal(code, datatype=Datatypes.ISO_SUBDIVISION)
    ]


def test_russian_regions_have_no_nuts_code(nuts: dict[str, NutsUnit]) -> None:
    out = Graph()
    PlaceIdentifiers(nuts, {}).add(_facts(("region/ru-ta", S3KG.Region)), out)
    assert not list(out.objects(ID["region/ru-ta"], SKOS.exactMatch))


def test_nuts_is_derived_from_the_iso_name_at_the_highest_level(nuts: dict[str, NutsUnit]) -> None:
    out = Graph()
    facts = _facts(("region/de-nw", S3KG.Region), ("region/de-be", S3KG.Region))
    PlaceIdentifiers(nuts, {}).add(facts, out)
    assert (ID["region/de-nw"], SKOS.exactMatch, NUTS.DEA) in out
    assert (ID["region/de-be"], SKOS.exactMatch, NUTS.DE3) in out  # not DE30 or DE300


def test_informal_regions_get_no_codes(nuts: dict[str, NutsUnit]) -> None:
    out = Graph()
    report = PlaceIdentifiers(nuts, {}).add(_facts(("region/ruhr-area", S3KG.Region)), out)
    assert not list(out.predicate_objects(ID["region/ruhr-area"]))
    assert report["regions"] == {"total": 1}


def test_entries_add_wikidata_and_can_veto_a_derived_nuts(nuts: dict[str, NutsUnit]) -> None:
    entries = {"region/de-nw": PlaceEntry(nuts="none", wikidata="Q1198", reason="test")}
    out = Graph()
    PlaceIdentifiers(nuts, entries).add(_facts(("region/de-nw", S3KG.Region)), out)
    assert (ID["region/de-nw"], OWL.sameAs, WIKIDATA.Q1198) in out
    assert not list(out.objects(ID["region/de-nw"], SKOS.exactMatch))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (PlaceEntry(nuts="DE0", reason="x"), "not a NUTS 2021 code"),
        (PlaceEntry(nuts="FR1", reason="x"), "not in DE"),
        (PlaceEntry(iso="DE-XX", reason="x"), "not an ISO 3166-2 code"),
    ],
)
def test_wrong_codes_are_refused(
    nuts: dict[str, NutsUnit], entry: PlaceEntry, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        PlaceIdentifiers(nuts, {"region/de-nw": entry}).add(
            _facts(("region/de-nw", S3KG.Region)), Graph()
        )


def test_the_reviewed_file_is_well_formed_and_has_reasons() -> None:
    entries = load_place_entries(PLACES)
    assert entries["country/ru"].wikidata == "Q159"
    assert entries["region/ru-ta"].wikidata == "Q5481"
    assert all(e.reason for e in entries.values())
    qids = [e.wikidata for e in entries.values() if e.wikidata]
    assert len(qids) == len(set(qids)), "two places linked to one Wikidata item"


def test_a_bad_wikidata_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text("places:\n  country/ru: {wikidata: Russia, reason: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match="item id such as Q159"):
        load_place_entries(path)
