"""A name lexicon: many thousands of names found in a text by looking up word n-grams.

A regular expression of 40,000 alternatives is slow to compile and to run; a dictionary
of name keys (``text.name_key``) looked up at each capitalised word, longest first, finds
them in one pass over a document's words. Names may cross only single spaces or hyphens,
never punctuation or a line break, so a match is always one name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from s3kg.extract.text import Token, name_key, strip_possessive, tokens

Link = tuple[str, str]


@dataclass(frozen=True)
class Entry:
    """What a name stands for: a place, a known entity or an NACE class."""

    name: str  # the display name
    kind: str  # country / region / city, an organisation's kind, cluster, ...
    links: tuple[Link, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2 of where it is
    weight: int = 0  # prefer the heavier entry of an ambiguous name (population)
    exact: bool = False  # match only with the same letter case (acronyms: "US", "UK")
    # "country": found only in a document that names ``country`` ("North West" is an
    # English region only where England or the UK is named); "cue": only after a place cue
    # such as "in" or before ", <place>" (a town called Reading, Bath or Mobile)
    guard: str = ""
    category: str = ""  # for known entities: cluster / organisation / place / sector
    form: str = ""  # the written form an ``exact`` entry needs, when it is not ``name`` ("UK")

    def matches(self, surface: str) -> bool:
        """Whether ``surface`` is written as this entry needs (any case unless ``exact``)."""
        return not self.exact or (self.form or self.name) == surface


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entries: tuple[Entry, ...]


@dataclass
class Lexicon:
    entries: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()
    longest: int = 0

    @classmethod
    def build(cls, named: Iterable[tuple[str, Entry]]) -> Lexicon:
        grouped: dict[str, list[Entry]] = defaultdict(list)
        for name, entry in named:
            key = name_key(name)
            if key and entry not in grouped[key]:
                grouped[key].append(entry)
        prefixes: set[str] = set()
        for key in grouped:
            words = key.split(" ")
            prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
        longest = max((key.count(" ") + 1 for key in grouped), default=0)
        frozen = {k: tuple(sorted(v, key=lambda e: -e.weight)) for k, v in grouped.items()}
        return cls(frozen, frozenset(prefixes), longest)

    def signature(self) -> list[tuple[str, tuple[Entry, ...]]]:
        """Everything the lexicon can find, sorted (for the context's digest)."""
        return sorted(self.entries.items())

    def find(self, text: str, capitalised: bool = True) -> Iterator[Match]:
        """Longest names first at each word; ``capitalised``: names start with a capital."""
        words = tokens(text)
        i = 0
        while i < len(words):
            found = self._longest_at(text, words, i, capitalised)
            if found is None:
                before = _before_suffix(words[i])
                if before is not None:  # "UK-based": the name before a lower-case suffix
                    found = self._longest_at(text, [before], 0, capitalised)
                    if found is not None:
                        yield Match(before.start, before.end, found[1])
                i += 1
                continue
            count, entries = found
            yield Match(words[i].start, _end(text, words[i + count - 1]), entries)
            i += count

    def _longest_at(
        self, text: str, words: list[Token], i: int, capitalised: bool
    ) -> tuple[int, tuple[Entry, ...]] | None:
        if capitalised and not words[i].capitalised:
            return None
        best = None
        key = ""
        for n in range(min(self.longest, len(words) - i)):
            word = words[i + n]
            if n and not _joined(text, words[i + n - 1], word):
                break
            key = f"{key} {_word_key(word)}" if n else _word_key(word)
            entries = self.entries.get(key)
            if entries:
                surface = text[words[i].start : _end(text, word)]
                fitting = tuple(e for e in entries if e.matches(surface))
                if fitting:
                    best = (n + 1, fitting)
            if key not in self.prefixes:
                break
        return best


def _before_suffix(word: Token) -> Token | None:
    """ "UK-based", "Russia-made": the word before a hyphen and a lower-case word."""
    head, dash, rest = word.text.partition("-")
    if not dash or not rest[:1].islower() or not head[:1].isupper():
        return None
    return Token(word.start, word.start + len(head), head)


def _word_key(word: Token) -> str:
    return name_key(word.text)


def _joined(text: str, before: Token, word: Token) -> bool:
    """Words of one name: a space or hyphen between them, or the dot of an initial (U.S.)."""
    gap = text[before.end : word.start]
    return gap in (" ", "-") or (gap in (".", ". ") and len(before.text) == 1)


def _end(text: str, word: Token) -> int:
    """A name ends before a possessive ("Taiwan's" names Taiwan), after an initial's dot."""
    if len(word.text) == 1 and word.text.isupper() and text[word.end : word.end + 1] == ".":
        return word.end + 1
    return word.start + len(strip_possessive(word.text))
