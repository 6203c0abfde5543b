"""Text helpers shared by the extractors: word tokens, sentences, names and slugs.

Every offset is an offset into ``Document.text``, so what an extractor finds can be cited
with a ``TextPositionSelector`` as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# A word: letters/digits joined by inner hyphens or apostrophes ("Baden-Württemberg",
# "Taiwan's" is one token whose possessive ``name_key`` drops).
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# A sentence ends at . ! ? followed by space and a capital/quote, or at a line break; the
# short abbreviations below do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_ABBREVIATIONS = (
    "St.",
    "Mr.",
    "Dr.",
    "Inc.",
    "Co.",
    "Corp.",
    "Ltd.",
    "U.S.",
    "U.K.",
    "e.g.",
    "i.e.",
    "No.",
    "Jr.",
    "vs.",
    "Mt.",
    "Ft.",
    "approx.",
)
# Possessive endings are not part of a name ("Taiwan's economy" names Taiwan).
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The word tokens of ``text[start:end]`` with document offsets."""
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text, start, stop)]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence; headings and list items (lines) are sentences."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[max(start, match.start() - 8) : match.start()]
        if match.group(0).strip(" \t") and before.endswith(_ABBREVIATIONS):
            continue  # "St. Petersburg", "U.S. Congress": not a sentence end
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def sentence_starts(text: str) -> frozenset[int]:
    """Offsets of the first word of each sentence (a capital there says nothing)."""
    found = set()
    for start, end in sentences(text):
        first = WORD.search(text, start, end)
        if first is not None:
            found.add(first.start())
    return frozenset(found)


def strip_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def name_key(name: str) -> str:
    """The comparison key of a name: casefolded words without accents or possessives."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = [strip_possessive(m.group(0)).casefold() for m in WORD.finditer(plain)]
    return " ".join(w.replace("’", "'") for w in words)


def slug(name: str) -> str:
    """A short IRI-safe slug of a name (``"Hsinchu Science Park"`` -> ``hsinchu-science-park``)."""
    key = name_key(name).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:80] or "unnamed"


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one white-space separated string (stop-lists)."""
    return frozenset(words.split())
