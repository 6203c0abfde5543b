"""Standard identifiers of countries and regions: ISO 3166, NUTS 2021, EU authority, Wikidata.

Codes are derived, not typed in: a country id is ``country/{ISO 3166-1 alpha-2}`` and a region
id ``region/{ISO 3166-2}`` (the curated-data convention), checked against ``pycountry``; NUTS
codes come from ``nuts-2021.csv`` (level 0 for countries; for a region, the NUTS unit of the
same country whose name equals the ISO 3166-2 name, e.g. DE-NW "Nordrhein-Westfalen" = DEA),
leaving out the United Kingdom, which NUTS 2021 does not cover although the table lists it.
``data/alignments/places.yaml`` adds what cannot be derived — Wikidata items, NUTS codes or
ISO codes of places whose id does not carry one — each with a reason, and can veto a derived
NUTS code (``nuts: none``). Properties (see ``data/alignments/README.md``):

- ``skos:notation "RU-TA"^^id:datatype/iso-3166-2`` (and alpha-2, alpha-3, NUTS datatypes);
- ``skos:exactMatch`` to NUTS concepts and EU country-authority concepts: SKOS concepts that
  stand for the very same territory;
- ``owl:sameAs`` to Wikidata items: they denote the territory itself.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from s3kg.errors import InputError
from s3kg.vocab.external import DATATYPE_INFO, EU_COUNTRY, NUTS, WIKIDATA, Datatypes
from s3kg.vocab.namespaces import ID, S3KG
from s3kg.yamlfile import load_yaml_mapping

# NUTS uses EL for Greece (Eurostat's country code).
_NUTS_COUNTRY = {"GR": "EL"}
# The Eurostat table still lists the United Kingdom (codes UK…), but the UK left the EU
# before NUTS 2021 applied: those rows are statistical regions, not NUTS 2021 units, so the
# UK (ISO 3166-1 GB) gets no NUTS 2021 code.
_NOT_NUTS_2021 = ("UK",)
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ENTRY_KEYS = frozenset({"iso", "nuts", "wikidata", "reason"})


@dataclass(frozen=True)
class NutsUnit:
    code: str
    name: str
    level: int


@dataclass(frozen=True)
class PlaceEntry:
    iso: str | None = None
    nuts: str | None = None  # "none" vetoes a derived code
    wikidata: str | None = None
    reason: str = ""


def load_nuts(path: Path) -> dict[str, NutsUnit]:
    """NUTS units by code from the Eurostat CSV (``Code 2021``, names per level, level)."""
    if not path.is_file():
        raise InputError(f"NUTS table not found: {path} (set S3KG_SHARED_DATA)")
    units: dict[str, NutsUnit] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("Code 2021") or "").strip()
            level = (row.get("NUTS level") or "").strip()
            if not code or not level.isdigit() or code.startswith(_NOT_NUTS_2021):
                continue
            columns = ("Country", "NUTS level 1", "NUTS level 2", "NUTS level 3")
            name = next((row[c].strip() for c in columns if (row.get(c) or "").strip()), "")
            units[code] = NutsUnit(code, name, int(level))
    if not units:
        raise InputError(f"{path}: no NUTS codes found (expected a 'Code 2021' column)")
    return units


def load_place_entries(path: Path) -> dict[str, PlaceEntry]:
    raw = load_yaml_mapping(path, {"places"})
    entries: dict[str, PlaceEntry] = {}
    for place, item in (raw.get("places") or {}).items():
        where = f"{path.name}: {place}"
        if not isinstance(item, dict) or set(item) - _ENTRY_KEYS:
            raise InputError(f"{where}: expected a mapping with keys {sorted(_ENTRY_KEYS)}")
        entry = PlaceEntry(**{k: str(v) for k, v in item.items()})
        if entry.wikidata and not _QID.match(entry.wikidata):
            raise InputError(f"{where}: wikidata must be an item id such as Q159")
        if not entry.reason:
            raise InputError(f"{where}: give a reason (the evidence for these identifiers)")
        entries[str(place)] = entry
    return entries


class PlaceIdentifiers:
    """Writes the identifiers of the facts graph's countries and regions into ``out``."""

    def __init__(self, nuts: dict[str, NutsUnit], entries: dict[str, PlaceEntry]):
        self.nuts = nuts
        self.entries = entries
        self.coverage: dict[str, Counter[str]] = {"countries": Counter(), "regions": Counter()}

    def add(self, facts: Graph, out: Graph) -> dict[str, Any]:
        for iri, dt in DATATYPE_INFO.items():
            _declare_datatype(out, iri, dt)
        seen: set[str] = set()
        for country in sorted({str(c) for c in facts.subjects(RDF.type, S3KG.Country)}):
            seen.add(self._country(URIRef(country), out))
        for region in sorted({str(r) for r in facts.subjects(RDF.type, S3KG.Region)}):
            seen.add(self._region(URIRef(region), facts, out))
        for other in sorted(set(self.entries) - seen):  # cities, sites: Wikidata only
            iri = ID[other]
            if (iri, RDF.type, None) in facts and self.entries[other].wikidata:
                out.add((iri, OWL.sameAs, WIKIDATA[str(self.entries[other].wikidata)]))
                seen.add(other)
        unused = sorted(set(self.entries) - seen)
        return {**{k: dict(sorted(v.items())) for k, v in self.coverage.items()}, "unused": unused}

    def _country(self, iri: URIRef, out: Graph) -> str:
        key = _id_of(iri)
        entry = self.entries.get(key, PlaceEntry())
        count = self.coverage["countries"]
        count["total"] += 1
        country = _iso_country((entry.iso or key.split("/")[-1]).upper())
        if country is not None:
            count["iso"] += 1
            out.add((iri, SKOS.notation, Literal(country.alpha_2, datatype=Datatypes.ISO_ALPHA2)))
            out.add((iri, SKOS.notation, Literal(country.alpha_3, datatype=Datatypes.ISO_ALPHA3)))
            out.add((iri, SKOS.exactMatch, EU_COUNTRY[country.alpha_3]))
            count["eu-authority"] += 1
            nuts = _NUTS_COUNTRY.get(country.alpha_2, country.alpha_2)
            self._nuts(iri, entry.nuts or (nuts if nuts in self.nuts else None), out, count)
        self._wikidata(iri, entry, out, count)
        return key

    def _region(self, iri: URIRef, facts: Graph, out: Graph) -> str:
        key = _id_of(iri)
        entry = self.entries.get(key, PlaceEntry())
        count = self.coverage["regions"]
        count["total"] += 1
        code = (entry.iso or key.split("/")[-1]).upper()
        subdivision = _iso_subdivision(code) if "-" in code else None
        if entry.iso and subdivision is None:
            raise InputError(f"places.yaml: {key}: {entry.iso} is not an ISO 3166-2 code")
        if subdivision is not None:
            count["iso"] += 1
            out.add((iri, SKOS.notation, Literal(code, datatype=Datatypes.ISO_SUBDIVISION)))
            derived = self._nuts_by_name(subdivision.country_code, subdivision.name)
            self._nuts(iri, entry.nuts or derived, out, count, subdivision.country_code)
        elif entry.nuts:
            self._nuts(iri, entry.nuts, out, count)
        self._wikidata(iri, entry, out, count)
        return key

    def _nuts(
        self, iri: URIRef, code: str | None, out: Graph, count: Counter[str], country: str = ""
    ) -> None:
        if not code or code == "none":
            return
        if code not in self.nuts:
            raise InputError(f"places.yaml: {_id_of(iri)}: {code} is not a NUTS 2021 code")
        expected = _NUTS_COUNTRY.get(country, country)
        if expected and not code.startswith(expected):
            raise InputError(f"places.yaml: {_id_of(iri)}: NUTS {code} is not in {country}")
        count["nuts"] += 1
        out.add((iri, SKOS.notation, Literal(code, datatype=Datatypes.NUTS)))
        out.add((iri, SKOS.exactMatch, NUTS[code]))

    def _nuts_by_name(self, country: str, name: str) -> str | None:
        """The highest-level NUTS unit of ``country`` named exactly like the subdivision."""
        prefix = _NUTS_COUNTRY.get(country, country)
        wanted = _norm(name)
        found = [
            u
            for u in self.nuts.values()
            if u.level > 0 and u.code.startswith(prefix) and wanted in _names(u.name)
        ]
        return min(found, key=lambda u: (u.level, u.code)).code if found else None

    def _wikidata(self, iri: URIRef, entry: PlaceEntry, out: Graph, count: Counter[str]) -> None:
        if entry.wikidata:
            count["wikidata"] += 1
            out.add((iri, OWL.sameAs, WIKIDATA[entry.wikidata]))


def _iso_country(alpha2: str) -> Any:
    """The pycountry record of an ISO 3166-1 alpha-2 code, or None."""
    return pycountry.countries.get(alpha_2=alpha2)


def _iso_subdivision(code: str) -> Any:
    """The pycountry record of an ISO 3166-2 code, or None."""
    return pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]


def _declare_datatype(out: Graph, iri: URIRef, info: tuple[str, str, str]) -> None:
    label, comment, see_also = info
    out.add((iri, RDF.type, RDFS.Datatype))
    out.add((iri, RDFS.label, Literal(label, lang="en")))
    out.add((iri, RDFS.comment, Literal(comment, lang="en")))
    out.add((iri, RDFS.seeAlso, URIRef(see_also)))


def _id_of(iri: URIRef) -> str:
    return str(iri)[len(str(ID)) :]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _names(name: str) -> set[str]:
    """A NUTS name and, for bilingual names such as 'Bruxelles/Brussel', each part."""
    return {_norm(name), *(_norm(part) for part in name.split("/"))}
