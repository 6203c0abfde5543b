"""Capitalised runs: the proper names of a text, as sequences of capitalised words.

A run is a maximal sequence of capitalised words separated by single spaces, with "of",
"for", "and", "the", "&" allowed inside ("Ministry of Economic Development",
"Research Triangle Park"). Words that are capitalised only because they start a sentence,
and generic words that start headings and captions ("Table", "Figure", "Discussion Paper",
month names) are not names on their own (``GENERIC``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from s3kg.extract.places_data import common_word
from s3kg.extract.text import strip_possessive, word_set

# A capitalised word, initials with their dots ("U.S."), or a name with an inner capital
# ("eBay").
_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'&.\-]*[\w]|[A-Z]\.?|[A-Z][a-z]*[A-Z][\w]*|[a-z]+[A-Z]\w*)"
_CONNECTOR = r"(?:of|for|and|the|de|du|la|von|der|&|on|in)"
RUN = re.compile(rf"{_WORD}(?:(?: {_CONNECTOR})* {_WORD})*")
# Function words that start a run only because they start a sentence or a title.
_LEADING = word_set(
    """a an the this that these those its their our his her in on at for of and or but to by
    with from as it if when while after before during since however also both each
    every all some many most other such although though because due according between
    under over within without despite following including unlike like until where
    whereas thus therefore moreover furthermore meanwhile today currently recently now
    then there here what which who how why several instead besides through throughout
    about against along among upon via per once even only just yet still so nor not no
    we they he she you i us them is are was were has have had will would can could
    should may might must do does did be been being"""
)
_MONTHS = word_set(
    """january february march april may june july august september october november december"""
)
LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|;\s*")
GENERIC = word_set(
    """a an the this that these those its their our his her in on at for of and or but to by
    with from as it is if when while after before during since between among table
    figure fig chart source sources note notes paper papers discussion working section
    chapter appendix annex page vol volume no part introduction conclusion conclusions
    abstract summary references bibliography contents january february march april may
    june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday however also other new many most some such several
    first second third one two three four five ten hundred thousand million billion
    percent per cent innovation innovations cluster clusters industry industries
    sector sectors economy company companies government state states region regions
    city cities country countries university universities institute institutes
    research science technology development national federal international regional
    local central public private total see yes act acts law laws program programs
    programme programmes secretary subsection paragraph title chief director president
    prime minister ceo officer products services"""
)


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split(" ")


def runs(text: str, start: int = 0, end: int | None = None) -> Iterator[Run]:
    """Capitalised runs of ``text[start:end]``, trailing connectors and possessives cut."""
    stop = len(text) if end is None else end
    for match in RUN.finditer(text, start, stop):
        found = _trim(text, match.start(), match.end())
        if found is not None:
            yield found


def _trim(text: str, start: int, end: int) -> Run | None:
    words = text[start:end].split(" ")
    while words and function_word(words[0]):
        start += len(words[0]) + 1
        words = words[1:]
    while words and (function_word(words[-1]) or words[-1].casefold() in _MONTHS):
        words = words[:-1]
    if not words:
        return None
    words[-1] = strip_possessive(words[-1])
    if words[-1].endswith(".") and len(words[-1]) > 2 and not words[-1][-2].isupper():
        words[-1] = words[-1][:-1]  # a sentence's full stop, not an initial's ("Co.")
    body = " ".join(words)
    return Run(start, start + len(body), body) if body.strip() else None


def function_word(word: str) -> bool:
    """ "The", "While", "Its" (and "THE" in a title in capitals), but not "US" or "IT"."""
    return word.casefold() in _LEADING and word not in ("US", "IT")


def split_names(run: Run, is_name: Callable[[str], bool]) -> list[Run]:
    """ "X Company and Y Corporation" is two names when both halves are names by themselves."""
    parts = run.text.split(" and ")
    if len(parts) < 2:
        return [run]
    pieces, offset = [], run.start
    for part in parts:
        trimmed = _trim(part, 0, len(part))
        if trimmed is not None:
            pieces.append(Run(offset + trimmed.start, offset + trimmed.end, trimmed.text))
        offset += len(part) + len(" and ")
    named = [is_name(piece.text) for piece in pieces]
    if all(named) and len(pieces) == len(parts):
        return pieces
    if named[-1] and not any(named[:-1]):
        return [pieces[-1]]  # "Lotus and General Motors": only the last half is surely a name
    return [run]


def generic_label(name: str) -> bool:
    """A label that, matched alone in a text, tags a generic word rather than its entity:
    generic words ("Products", "Innovation"), and lower-case single words that are frequent
    English words ("food", "paper", "percent"). Capitalised proper names ("Russia") stay."""
    if " " in name.strip():
        return is_generic(name)
    return name.casefold() in GENERIC or (name[:1].islower() and common_word(name))


def is_generic(name: str) -> bool:
    """Every word is generic ("Discussion Paper", "Table", "Science and Technology")."""
    return all(w.casefold() in GENERIC for w in name.split(" "))
