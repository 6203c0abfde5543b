"""Numbers that are not quantities: years, dates, citations, markers, names, phone numbers.

Each rule looks only at the characters around one number of a sentence; ``left`` is where
the quantity would start (before a currency sign), ``end`` where its digits stop and
``pos`` where what the grammar read after them (scale, unit, noun) stops.
"""

from __future__ import annotations

import re

from s3kg.extract.prose import STOPWORDS
from s3kg.extract.units import COMPANIES, PERSONS, QUALIFIERS

# Words that make the next number a locator or an identifier: "§ 3722", "section 3",
# "Public Law 117", "p. 45", "Table 2", "Title 15".
_STRUCTURE_RE = re.compile(
    r"(?:§+|\b(?:sec|secs|section|sections|subsection|paragraph|subparagraph|clause|title|"
    r"chapter|part|article|art|no|nos|number|page|pages|p|pp|vol|volume|table|figure|fig|"
    r"stat|law|pub\.\s*l|step|phase|item|schedule|appendix|annex|route|highway|interstate|"
    r"footnote|note|division|subtitle|rule|version|tel|phone|fax|ext)\b)\.?\s*$",
    re.IGNORECASE,
)
# What follows a number in a legal citation: "42 U.S.C.", "136 Stat. 1366", "15 CFR".
_CITATION_AFTER_RE = re.compile(r"\s*(?:U\.\s?S\.\s?C|USC\b|Stat\.|C\.F\.R|CFR\b|et seq)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_BEFORE_RE = re.compile(
    rf"\b(?:{_MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)\s*$"
)
_MONTH_AFTER_RE = re.compile(rf"\s*(?:{_MONTHS})\b")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][\w&.'-]*)\s+$")
# Words after which a four-digit number is a year ("in 2011", "the 2016 budget").
_YEAR_CONTEXT = frozenset(
    (
        "in", "since", "by", "from", "until", "till", "to", "of", "during", "between", "before",
        "after", "and", "or", "early", "late", "mid", "the", "fiscal", "year", "years", "as",
        "circa", "c.", "spring", "summer", "autumn", "fall", "winter"
    )
)  # fmt: skip
_QUALIFIER_WORDS = frozenset(w for q in QUALIFIERS for w in q.lower().split())


def is_excluded_number(text: str, start: int, end: int, left: int, pos: int) -> bool:
    """Whether the number at ``start:end`` is a locator, date, marker, code or name part."""
    digits = text[start:end]
    if digits[0] == "0" and len(digits) > 1 and digits[1] not in ",.":
        return True  # "0121 ...": a dialling code or an identifier
    glued = text[end : end + 1].isalpha() or re.match(r"-[A-Za-z]", text[end : end + 2])
    if glued and pos == end:
        return True  # "1970s", "3rd", "4G", "five-year": not a quantity of anything
    if re.match(r"[ \u00a0]?\d", text[end : end + 2]) or re.match(r"\s*\d", text[pos : pos + 3]):
        return True  # a run of numbers: a phone number or table cells
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return True  # "(2)": a list or paragraph marker
    if not text[:start].strip() and re.match(r"[.)](?:\s|$)", text[end : end + 2]):
        return True  # "1. ...": a numbered item
    before = text[max(0, left - 30) : left]
    if _STRUCTURE_RE.search(before) or _CITATION_AFTER_RE.match(text, end):
        return True
    if _MONTH_BEFORE_RE.search(before) or _MONTH_AFTER_RE.match(text, end):
        return True  # "July 20", "20 July": a date
    return _is_name_part(before)


def _is_name_part(before: str) -> bool:
    # "Fortune 1000", "Formula 1", "Boeing 787": a capitalised word right before the number
    # makes it part of a name, unless that word is a function word or a qualifier.
    match = _WORD_BEFORE_RE.search(before)
    if match is None:
        return False
    word = match.group(1)
    lower = word.lower().rstrip(".")
    if not word[0].isupper() or lower in STOPWORDS or lower in _QUALIFIER_WORDS:
        return False
    return lower not in ("usd", "gbp", "eur", "rub")


def is_year_like(text: str, start: int, end: int, left: int, noun: str | None) -> bool:
    """A four-digit number from 1800 to 2100 with no unit: a year, unless it counts people
    or firms and no word that introduces a year stands before it ("1350 employees")."""
    digits = text[start:end]
    if not (len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2100):
        return False
    if noun is None or noun.split()[-1].lower() not in PERSONS | COMPANIES:
        return True
    match = _WORD_BEFORE_RE.search(text[max(0, left - 30) : left])
    return match is not None and match.group(1).lower() in _YEAR_CONTEXT
