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
_GOVERNMENT = re.compile(
    r"\b(?:(?:The |the )?(?P<who>[A-Z][\w.]*(?: [A-Z][\w.]*)?) [Gg]overnment|"
    r"[Gg]overnment of (?:the )?(?P<of>[A-Z]\w*(?: [A-Z]\w*){0,2}))\b"
)
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ish|ese|ch|i)")


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


def government_candidates(doc: Document, is_place: Callable[[str], bool]) -> list[Candidate]:
    """Governments named by their country ("UK government") or its people ("Russian")."""
    found = []
    for match in _GOVERNMENT.finditer(doc.text):
        if match.group("who"):
            start, end = match.start("who"), match.end()
            if not (is_place(match.group("who")) or _DEMONYM.fullmatch(match.group("who"))):
                continue
        else:  # "government of the Russian Federation Council": the longest place
            words = match.group("of").split()
            places = [n for n in range(len(words), 0, -1) if is_place(" ".join(words[:n]))]
            if not places:
                continue
            start = match.start()
            end = match.start("of") + len(" ".join(words[: places[0]]))
        found.append(Candidate("organisation", doc.key, start, end, doc.text[start:end],
                               "organisations:government", 0.7, _AUTHORITY))  # fmt: skip
    return found
