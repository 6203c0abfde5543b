"""Places: countries, regions and cities named in a document, with ISO 3166, NUTS 2021 /
ITL and GeoNames identifiers (the gazetteer and its choices: ``places_data.py``).

An ambiguous name is read as the country's, else the region's, else the place in the
country the document names most, else the most populous (``run.propose`` leaves out
reference lists: a publisher's city says nothing about the document's places).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.lexicon import Entry, Match
from s3kg.extract.places_data import common_word
from s3kg.extract.text import sentence_starts

_CUES = frozenset({"in", "at", "near", "from", "outside", "around", "across"})
_REGION_SCORE = 6.0  # a region weighs as a city of a million people
_SMALL_CITY = 100_000
_CONFIDENCE = {"country": 0.95, "region": 0.85, "city": 0.8}


def extract_places(doc: Document, context: Context) -> list[Candidate]:
    text = doc.text
    matches = list(context.places.find(text))
    countries = document_countries(matches)
    starts = sentence_starts(text)
    found = []
    for match in matches:
        entry = choose(match.entries, countries)
        if not _allowed(entry, text, match, starts, countries, context):
            continue
        confidence = _CONFIDENCE.get(entry.kind, 0.8)
        if entry.guard or len({e.country for e in match.entries}) > 1:
            confidence -= 0.2  # a cue or the document's country chose the reading
        links = entry.links
        if entry.kind != "country" and entry.country:
            links = (*links, ("iso3166-1", entry.country))
        found.append(
            Candidate(
                "place",
                doc.key,
                match.start,
                match.end,
                entry.name,
                f"places:{_rule(entry)}",
                round(confidence, 2),
                entry.kind,
                links,
            )
        )
    return found


def document_countries(matches: list[Match]) -> Counter[str]:
    """How often each country is named, itself or through one of its unambiguous regions."""
    named: Counter[str] = Counter()
    for match in matches:
        entry = match.entries[0]
        if len({e.country for e in match.entries}) > 1:
            continue  # "San Jose": which country it counts for is what is being decided
        if entry.kind in ("country", "region") and not entry.guard and entry.country:
            named[entry.country] += 1
    return named


def choose(entries: tuple[Entry, ...], countries: Counter[str]) -> Entry:
    """A country first; else the heaviest place (log population, a region as a city of a
    million), with a bonus for the countries the document names, most for the most named."""
    most = max(countries.values(), default=1)

    def score(entry: Entry) -> float:
        if entry.kind == "country":
            return 100.0
        base = _REGION_SCORE if entry.kind == "region" else math.log10(max(entry.weight, 1))
        named = countries.get(entry.country or "", 0)
        return base + (1.0 + named / most if named else 0.0)

    return max(entries, key=score)


def _allowed(
    entry: Entry,
    text: str,
    match: Match,
    starts: frozenset[int],
    countries: Counter[str],
    context: Context,
) -> bool:
    if entry.guard == "country":
        return countries.get(entry.country or "", 0) > 0
    if entry.guard == "cue":
        return match.start not in starts and (
            _cue_before(text, match) or _place_after(text, match, context)
        )
    if entry.kind != "country" and _inside_name(text, match):
        if entry.kind == "region":  # "Tata Steel": a Moroccan province only in Morocco
            return countries.get(entry.country or "", 0) > 0
        return entry.weight >= _SMALL_CITY and not common_word(entry.name, 3.5)
    return True


def _inside_name(text: str, match: Match) -> bool:
    """ "Tata Steel", "Anglia Ruskin University": a capitalised word joins the name."""
    before = text[max(0, match.start - 30) : match.start]
    after = text[match.end : match.end + 30]
    return bool(re.search(r"[A-Z][\w&]*[ &]+$", before) or re.match(r"[ &]+[A-Z]", after))


def _cue_before(text: str, match: Match) -> bool:
    before = text[max(0, match.start - 12) : match.start].split()
    return bool(before) and before[-1] in _CUES


def _place_after(text: str, match: Match, context: Context) -> bool:
    """ "Reading, Berkshire": a comma and a region's or a country's name follow."""
    if not text.startswith(", ", match.end):
        return False
    after = next(context.places.find(text[match.end + 2 : match.end + 40]), None)
    return after is not None and after.start == 0 and after.entries[0].kind != "city"


def _rule(entry: Entry) -> str:
    scheme = entry.links[0][0] if entry.links else entry.kind
    return {
        "iso3166-1": "iso3166",
        "iso3166-2": "iso3166-2",
        "nuts2021": "nuts",
        "itl": "itl",
        "geonames": "geonames",
    }.get(scheme, scheme)
