"""The words of the figure grammar: currencies, units, scales, qualifiers, counted nouns.

Unit names are the short codes a curator maps to ``unit/...`` entities: ISO 4217 codes for
money (``USD``; a bare "dollars" is recorded as US dollars, as the curated figures do),
``percent``, ``percentage points``, ``persons`` and ``companies`` for counted people and
firms (the curated ``unit/persons`` and ``unit/organisations``), ``count`` for any other
counted noun, and SI-like symbols (``km2``, ``MW``, ``tonnes``) for physical quantities.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Currency signs and codes written before the number: "US$36.10 billion", "£1.2m", "USD 5".
CURRENCY_PREFIX_RE = re.compile(
    r"(?:(?P<sign>US\$|U\.S\.\s?\$|NT\$|A\$|C\$|HK\$|S\$|\$|£|€|₽|¥)"
    r"|(?P<code>\b(?:USD|GBP|EUR|RUB|TWD|CNY|JPY))\s?)\s?$"
)
SIGN_CODES = {
    "US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "₽": "RUB", "¥": "JPY",
    "NT$": "TWD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "S$": "SGD",
}  # fmt: skip

# Scales after the number; "m" and "k" only when glued to it and money is being counted
# ("£1.2m"), since "10m" alone is more often ten metres.
SCALE_RE = re.compile(
    r"(?:\s*(?P<word>thousand|million|billion|trillion|bn|mn|mln)\b"
    r"|(?P<short>[mk])\b)",
    re.IGNORECASE,
)
SCALES = {
    "thousand": Decimal(10) ** 3, "k": Decimal(10) ** 3,
    "million": Decimal(10) ** 6, "mn": Decimal(10) ** 6, "mln": Decimal(10) ** 6,
    "m": Decimal(10) ** 6, "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}  # fmt: skip

# Units after the number (and its scale), longest alternatives first.
_UNITS = [
    (r"%|per\s?cent\b|percent\b", "percent"),
    (r"percentage[\s-]points?\b|pp\b", "percentage points"),
    (r"(?:US|U\.S\.)\s+dollars\b|dollars?\b|USD\b", "USD"),
    (r"NT\s?dollars\b|TWD\b", "TWD"),
    (r"pounds?(?:\s+sterling)?\b|GBP\b", "GBP"),
    (r"euros?\b|EUR\b", "EUR"),
    (r"(?:Russian\s+)?(?:roubles?|rubles?)\b|RUB\b", "RUB"),
    (r"yuan\b|renminbi\b|RMB\b|CNY\b", "CNY"),
    (r"km2|km²|sq\.?\s?km\b|square\s+kilomet(?:re|er)s?\b", "km2"),
    (r"square\s+miles?\b|sq\.?\s?mi\b", "mi2"),
    (r"square\s+met(?:re|er)s?\b|sq\.?\s?m\b|m2\b|m²", "m2"),
    (r"square\s+(?:feet|foot)\b|sq\.?\s?ft\b", "sq ft"),
    (r"hectares?\b|ha\b", "ha"),
    (r"acres?\b", "acres"),
    (r"km\b|kilomet(?:re|er)s?\b", "km"),
    (r"miles?\b", "mi"),
    (r"(?:metric\s+)?(?:tonnes|tons)\b", "tonnes"),
    (r"TWh\b|GWh\b|MWh\b|kWh\b|TW\b|GW\b|MW\b|kW\b", ""),  # the symbol is the unit
    (r"barrels\b|bbl\b", "barrels"),
    (r"nm\b|nanomet(?:re|er)s?\b", "nm"),
    (r"times\b|-fold\b", "times"),
]  # fmt: skip
UNIT_RE = re.compile(
    r"[\s-]?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNITS)) + ")"
)


def unit_of(match: re.Match[str]) -> str:
    """The unit name of a :data:`UNIT_RE` match."""
    for i, (_, name) in enumerate(_UNITS):
        text = match.group(f"u{i}")
        if text is not None:
            return name or text
    raise ValueError("no unit group matched")


# Words before a number that say how exact it is, and the qualifier each one means.
QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "approx.": "about",
    "roughly": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "close to": "about", "nearly": "almost", "almost": "almost", "just under": "almost",
    "over": "more than", "more than": "more than", "above": "more than",
    "exceeding": "more than", "in excess of": "more than", "upwards of": "more than",
    "just over": "more than", "well over": "more than", "less than": "less than",
    "fewer than": "less than", "under": "less than", "below": "less than",
    "up to": "up to", "at most": "at most", "no more than": "at most",
    "at least": "at least", "a minimum of": "at least", "a maximum of": "at most",
}  # fmt: skip
QUALIFIER_RE = re.compile(
    r"\b(?P<q>"
    + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)

# Counted nouns whose count is a number of people or of firms; other plurals are "count".
PERSONS = frozenset(
    (
        "employees", "people", "persons", "workers", "staff", "personnel", "residents",
        "inhabitants", "students", "researchers", "scientists", "engineers", "specialists",
        "graduates", "jobs", "professionals", "academics", "developers", "programmers",
        "entrepreneurs", "visitors", "tourists", "attendees", "scholars", "lawyers", "attorneys",
        "doctors", "physicians", "teachers", "staffers", "employee", "person"
    )
)  # fmt: skip
COMPANIES = frozenset(
    (
        "companies", "firms", "enterprises", "businesses", "startups", "start-ups", "organisations",
        "organizations", "smes", "manufacturers", "suppliers", "corporations", "employers",
        "investors", "multinationals", "tenants", "subsidiaries", "producers", "contractors"
    )
)  # fmt: skip
IRREGULAR_PLURALS = frozenset(
    (
        "people", "staff", "personnel", "children", "men", "women", "workforce"
    )
)  # fmt: skip
TIME_NOUNS = frozenset(
    (
        "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries"
    )
)  # fmt: skip
