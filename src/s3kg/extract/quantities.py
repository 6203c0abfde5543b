"""Quantities in a sentence: a number, its scale, and its unit or the noun it counts.

A small grammar rather than a general quantity parser: numbers are written in digits
("1,350", "41 750", "0,998"), in words ("fifty thousand", parsed by ``text2num``) or as
fractions of something ("two thirds of", recorded as a percentage as the curated figures
do); a currency sign may precede them and a qualifier ("more than") may open them; a range
("10–15%", "between 5 and 10 firms") keeps its upper bound. A number counts only when it
measures something: a unit, a scale word or a counted plural noun must follow, so bare
numbers (list markers, years, identifiers) never become figures. Numbers that are part of
citations, dates, section references, note markers or names are rejected outright.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import text2num

from s3kg.extract import units as u
from s3kg.extract.guards import is_excluded_number, is_year_like
from s3kg.extract.prose import STOPWORDS

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?"
# Not glued to a word, a decimal, a date, a citation or a note marker ("F-16", "[9]").
DIGITS_RE = re.compile(rf"(?<![\w.,/:\-–—+\[])(?:{_DIGITS})(?![.,]\d)")
_PLAIN_RE = re.compile(rf"(?:{_DIGITS})(?![.,]\d)")
_W = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety"
)
_S = "hundred|thousand|million|billion"
WORDS_RE = re.compile(
    rf"\b(?P<a>an?\s+)?(?P<w>(?:{_W}|{_S})(?:(?:\s+|-)(?:and\s+)?(?:{_W}|{_S}))*)\b", re.I
)
FRACTIONS = {"half": "50", "third": "33.3", "thirds": "66.7", "quarter": "25", "quarters": "75"}
FRACTION_RE = re.compile(
    r"\b(?:a|one|two|three)[\s-](?P<f>half|thirds?|quarters?)\s+of\b"
    r"(?:\s+an?\s+(?P<scale>thousand|million|billion)\b)?",
    re.I,
)
_RANGE_RE = re.compile(r"\s?[–—-]\s?|\s+and\s+")
_NOUN_WORD_RE = re.compile(r"[ \u00a0]+([A-Za-z][A-Za-z&'’-]*)")
_RECENT_RE = re.compile(r"\b(?:past|last|next|recent|previous|coming|first)\s+$", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\s+$", re.I)


@dataclass(frozen=True)
class Quantity:
    """Characters ``start:end`` of the sentence: qualifier, currency, number, scale, unit."""

    start: int
    end: int
    value: Decimal
    unit: str | None
    value_max: Decimal | None = None
    noun: str | None = None  # the counted noun phrase ("chemical parks"), when there is one
    qualifier: str | None = None


def find_quantities(text: str) -> list[Quantity]:
    """The quantities of ``text`` (one sentence), in order, none overlapping."""
    found: list[Quantity] = []
    taken = 0
    for start, end, value, kind in sorted(_numbers(text)):
        if start < taken:
            continue
        quantity = _read(text, start, end, value, kind)
        if quantity is not None:
            found.append(quantity)
            taken = quantity.end
    return found


def canonical(value: Decimal) -> str:
    """A plain decimal string: ``3500000000``, ``7.52``."""
    return format(value.normalize(), "f")


def _numbers(text: str) -> Iterator[tuple[int, int, Decimal, str]]:
    masked: list[tuple[int, int]] = []
    for match in FRACTION_RE.finditer(text):
        value = Decimal(FRACTIONS[match.group("f").lower()])
        kind = "fraction"
        if match.group("scale"):  # "a quarter of a million": a number, not a share
            value = value / 100 * u.SCALES[match.group("scale").lower()]
            kind = "words"
        masked.append((match.start(), match.end()))
        yield match.start(), match.end(), value, kind
    for match in WORDS_RE.finditer(text):
        if any(s <= match.start() < e for s, e in masked):
            continue
        number = _word_value(match)
        if number is not None:
            yield match.start(), match.end(), number, "words"
    for match in DIGITS_RE.finditer(text):
        yield match.start(), match.end(), _digit_value(match.group()), "digits"


def _word_value(match: re.Match[str]) -> Decimal | None:
    words = match.group("w").lower().replace("-", " ")
    if words.split()[0] in _S.split("|"):
        if not match.group("a"):
            return None
        words = "one " + words
    try:
        return Decimal(text2num(words, "en"))
    except ValueError:
        return None


def _digit_value(digits: str) -> Decimal:
    if digits.startswith("0,"):  # "0,998": a decimal comma
        return Decimal(digits.replace(",", "."))
    return Decimal(re.sub(r"[,\s\u00a0\u202f]", "", digits))


def _read(text: str, start: int, end: int, value: Decimal, kind: str) -> Quantity | None:
    if kind == "fraction":
        return Quantity(start, end - 3, value, "percent")  # the span stops before "of"
    currency, left = _currency_before(text, start)
    pos, scale = _scale_after(text, end, currency is not None)
    value_max, pos = _range_after(text, pos, scale, left)
    unit_match = u.UNIT_RE.match(text, pos)
    unit = currency or (u.unit_of(unit_match) if unit_match else None)
    if unit_match:
        pos = unit_match.end()
    noun = None
    if unit is None:
        noun, pos = _counted_noun(text, pos)
    if is_excluded_number(text, start, end, left, pos):
        return None
    if unit is None and noun is None and scale == 1:
        return None  # a bare number measures nothing we can name
    if noun and noun.split()[-1].lower() in u.TIME_NOUNS and _RECENT_RE.search(text[:left]):
        return None  # "the past 40 years": when, not how much
    if kind == "words" and value == 1 and scale == 1:
        return None  # "one sector", "one of": an article, not a count
    bare = kind == "digits" and unit is None and scale == 1
    if bare and is_year_like(text, start, end, left, noun):
        return None
    left, qualifier = _qualifier_before(text, left, value_max is not None)
    unit = unit or _noun_unit(noun)
    return Quantity(left, pos, value * scale, unit, value_max, noun, qualifier)


def _currency_before(text: str, start: int) -> tuple[str | None, int]:
    match = u.CURRENCY_PREFIX_RE.search(text[max(0, start - 8) : start])
    if match is None:
        return None, start
    sign = match.group("sign")
    code = u.SIGN_CODES.get(re.sub(r"U\.S\.\s?", "US", sign)) if sign else match.group("code")
    return code, start - (len(match.group()))


def _scale_after(text: str, pos: int, money: bool) -> tuple[int, Decimal]:
    match = u.SCALE_RE.match(text, pos)
    if match is None or (match.group("short") and not money):
        return pos, Decimal(1)
    return match.end(), u.SCALES[(match.group("word") or match.group("short")).lower()]


def _range_after(text: str, pos: int, scale: Decimal, left: int) -> tuple[Decimal | None, int]:
    """The upper bound of "10–15" or of "between 5 and 10" (its scale the first one's)."""
    joint = _RANGE_RE.match(text, pos)
    if joint is None:
        return None, pos
    if joint.group().strip() == "and" and not _BETWEEN_RE.search(text[:left]):
        return None, pos
    second = _PLAIN_RE.match(text, joint.end())
    if second is None:
        return None, pos
    end, second_scale = _scale_after(text, second.end(), True)
    if second_scale == 1:
        second_scale = scale
    return _digit_value(second.group()) * second_scale, end


def _counted_noun(text: str, pos: int) -> tuple[str | None, int]:
    """The plural noun phrase right after a number ("chemical parks"), up to 4 words."""
    words: list[str] = []
    cursor = pos
    for _ in range(4):
        match = _NOUN_WORD_RE.match(text, cursor)
        if match is None:
            break
        word = match.group(1)
        if word.lower() in STOPWORDS and (word.lower() != "and" or not words):
            break
        if not words and word.islower() and word.endswith("est"):
            break  # "the 400 largest companies": a ranking, not a count
        words.append(word)
        cursor = match.end()
        if _is_plural(word):
            if word.lower() in u.TIME_NOUNS and _is_age(text, cursor):
                return None, pos
            return " ".join(words), cursor
    return None, pos


def _is_plural(word: str) -> bool:
    lower = word.lower()
    if lower in u.IRREGULAR_PLURALS or lower in u.COMPANIES or lower in u.PERSONS:
        return lower not in ("employee", "person")
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return True  # "SMEs"
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ics"))


def _is_age(text: str, pos: int) -> bool:
    # "20 years ago", "12 years old": a time, not a duration anyone measured.
    return re.match(r"\s+(?:ago|old|later|earlier|after|before|of age)\b", text[pos:]) is not None


def _noun_unit(noun: str | None) -> str:
    if noun is None:
        return "count"  # "23 million": a number of something the sentence names
    head = noun.split()[-1].lower()
    if head in u.PERSONS:
        return "persons"
    if head in u.COMPANIES:
        return "companies"
    return head if head in u.TIME_NOUNS else "count"


def _qualifier_before(text: str, left: int, is_range: bool) -> tuple[int, str | None]:
    if is_range:
        between = _BETWEEN_RE.search(text[:left])
        if between is not None:
            return between.start(), None
    match = u.QUALIFIER_RE.search(text[max(0, left - 20) : left])
    if match is None:
        return left, None
    return left - (len(match.group())), u.QUALIFIERS[match.group("q").lower()]
