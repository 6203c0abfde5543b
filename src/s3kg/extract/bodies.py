"""International bodies by their names and bare acronyms, and governments by their country.

Rules (``method`` = ``organisations:<rule>``):

- ``body``: a name or acronym of the table below, the
intergovernmental organisations and international financial institutions that economic and
regional-policy texts cite. Their acronyms are often written without the long form a text
would define them by ("joined the WTO"), so the acronym rule (``orgrules.py``) cannot find
them, and they have no head word. Acronyms match only in capitals ("WHO", not "who"). The
table is world knowledge (the bodies' own names), not words of any document; the European
Union is left to the places extractor, which reads it as a supranational area.
- ``government``: "the Russian government", "UK government", "government of the Russian
  Federation": a public authority named by its country or its people's adjective.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.lexicon import Entry, Lexicon
from s3kg.extract.text import word_set

_FINANCE = "financial institution"
_AUTHORITY = "public authority"
# name, other names (acronyms, matched in capitals only, and spellings), kind (the kinds of
# docs/gold-guidelines.md: supranational bodies are public authorities, banks and funds
# financial institutions)
BODIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("International Monetary Fund", ("IMF",), _FINANCE),
    ("World Bank", (), _FINANCE),
    ("European Bank for Reconstruction and Development", ("EBRD",), _FINANCE),
    ("European Investment Bank", ("EIB",), _FINANCE),
    ("European Central Bank", ("ECB",), _FINANCE),
    ("Asian Development Bank", ("ADB",), _FINANCE),
    ("Asian Infrastructure Investment Bank", ("AIIB",), _FINANCE),
    ("Eurasian Development Bank", (), _FINANCE),
    ("New Development Bank", (), _FINANCE),
    ("Inter-American Development Bank", (), _FINANCE),
    ("African Development Bank", ("AfDB",), _FINANCE),
    ("International Finance Corporation", ("IFC",), _FINANCE),
    ("Bank for International Settlements", (), _FINANCE),  # "BIS" is a UK department too
    ("United Nations", ("UN",), _AUTHORITY),
    ("World Trade Organization", ("WTO", "World Trade Organisation"), _AUTHORITY),
    ("Organisation for Economic Co-operation and Development",
     ("OECD", "Organization for Economic Cooperation and Development"), _AUTHORITY),
    ("Association of Southeast Asian Nations", ("ASEAN",), _AUTHORITY),
    ("Asia-Pacific Economic Cooperation", ("APEC",), _AUTHORITY),
    ("North Atlantic Treaty Organization", ("NATO",), _AUTHORITY),
    ("Organization of the Petroleum Exporting Countries", ("OPEC",), _AUTHORITY),
    ("Commonwealth of Independent States", ("CIS",), _AUTHORITY),
    ("Eurasian Economic Community", ("EurAsEC",), _AUTHORITY),
    ("Eurasian Economic Union", ("EAEU",), _AUTHORITY),
    ("Shanghai Cooperation Organisation", (), _AUTHORITY),
    ("Council for Mutual Economic Assistance", ("Comecon", "CMEA"), _AUTHORITY),
    ("International Labour Organization", ("ILO",), _AUTHORITY),
    ("World Health Organization", ("WHO",), _AUTHORITY),
    ("World Intellectual Property Organization", ("WIPO",), _AUTHORITY),
    ("International Energy Agency", ("IEA",), _AUTHORITY),
    ("International Atomic Energy Agency", ("IAEA",), _AUTHORITY),
    ("UNESCO", (), _AUTHORITY),
    ("UNCTAD", (), _AUTHORITY),
    ("UNIDO", (), _AUTHORITY),
    ("Eurostat", (), _AUTHORITY),
    ("Council of Europe", (), _AUTHORITY),
    ("Gulf Cooperation Council", (), _AUTHORITY),
    ("Mercosur", (), _AUTHORITY),
)
_CONFIDENCE = 0.85


_NAME_GOES_ON = re.compile(r"[ -][A-Z]")
_GOVERNMENT_OF = re.compile(r"\b[Gg]overnment of (?:the )?(?P<of>[A-Z]\w*(?: [A-Z]\w*){0,2})")
_OWN_GOVERNMENT = re.compile(r"(?P<who>[A-Z][\w.]*(?: [A-Z][\w.]*)?) [Gg]overnment\b")
# The adjectives of peoples that name their governments ("the Russian government"); a word
# ending alone would take "Urban" or "Republican" for a people.
PEOPLES = word_set(
    """American Australian Austrian Belarusian Belgian Brazilian British Bulgarian Canadian
    Chinese Czech Danish Dutch Egyptian English Estonian Finnish French German Greek
    Hungarian Indian Indonesian Iranian Irish Israeli Italian Japanese Kazakh Korean Latvian
    Lithuanian Malaysian Mexican Nigerian Norwegian Pakistani Polish Portuguese Romanian
    Russian Saudi Scottish Singaporean Slovak Soviet Spanish Swedish Swiss Taiwanese Thai
    Turkish Ukrainian Vietnamese Welsh"""
)


@cache
def _lexicon() -> Lexicon:
    named = []
    for name, others, kind in BODIES:
        for written in (name, *others):
            named.append((written, Entry(name, kind, exact=written.isupper(), form=written)))
    return Lexicon.build(named)


def is_body(name: str) -> bool:
    """Whether ``name`` is written as a body of the table ("NATO", "World Bank")."""
    return any(m.start == 0 and m.end == len(name) for m in _lexicon().find(name))


def body_candidates(doc: Document) -> list[Candidate]:
    """Every mention of an international body of the table that is not the start of a longer
    name ("United Nations" of "United Nations Development Programme": names do not nest)."""
    return [
        Candidate("organisation", doc.key, match.start, match.end, match.entries[0].name,
                  "organisations:body", _CONFIDENCE, match.entries[0].kind)
        for match in _lexicon().find(doc.text)
        if not _NAME_GOES_ON.match(doc.text, match.end)
    ]  # fmt: skip


def government_candidates(doc: Document, is_country: Callable[[str], bool]) -> list[Candidate]:
    """Governments named by their country or region ("UK government", "government of the
    Russian Federation") or by their people ("Russian government"); ``is_country`` says
    whether a name is a country or region without any doubt."""
    spans = [_government_of(doc.text, m, is_country) for m in _GOVERNMENT_OF.finditer(doc.text)]
    for match in _OWN_GOVERNMENT.finditer(doc.text):
        words = match.group("who").split()
        for first in range(len(words)):  # "In Russian government circles": the last word
            who = " ".join(words[first:])
            if who in PEOPLES or is_country(who):
                spans.append((match.start("who") + len(match.group("who")) - len(who),
                              match.end()))  # fmt: skip
                break
    return [
        Candidate("organisation", doc.key, start, end, doc.text[start:end],
                  "organisations:government", 0.7, _AUTHORITY)
        for start, end in sorted(span for span in spans if span is not None)
    ]  # fmt: skip


def _government_of(
    text: str, match: re.Match[str], is_country: Callable[[str], bool]
) -> tuple[int, int] | None:
    """ "government of the Russian Federation": up to the longest country or region, unless
    a longer name goes on ("government of Leeds City Council" is the council's)."""
    words = match.group("of").split()
    for n in range(len(words), 0, -1):
        end = match.start("of") + len(" ".join(words[:n]))
        if is_country(" ".join(words[:n])):
            return None if _NAME_GOES_ON.match(text, end) else (match.start(), end)
    return None
