"""Sectors and technologies, classified by NACE Rev. 2.

Rules (``method`` = ``sectors:<rule>``):

- ``synonym``: a word of the synonym table (``sectors_data.SYNONYMS``: "aerospace" -> 30.3,
  "software" -> 62), in any letter case.
- ``nace-label``: other "<one or two words> industry|industries|sector|manufacturing"
  phrases ("textile industry", "shipbuilding sector") compared with the NACE labels word by
  word with rapidfuzz (plural and spelling variants score over 85); the label whose words
  cover every word of the phrase with the fewest other words wins (the most general fit),
  and no code is proposed when no label covers the phrase.
- ``broad``: the broad parts of an economy and fields named by an adjective before
  "industry|industries|sector|sectors" ("service sector", "creative industries", "financial
  sector"), with the section's NACE code where one covers it.

Fields and technologies without a NACE class ("fintech", "life sciences", "high-tech") are
sectors of kind ``field`` with no code.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.prose import STOPWORDS
from s3kg.extract.sectors_data import BROAD, WEAK
from s3kg.extract.text import name_key, word_set

_PHRASE = re.compile(
    r"\b((?:[a-z][a-z-]+ )?[a-z][a-z-]+) (?:industry|industries|sector|manufacturing)\b"
)
_NOT_SECTOR_WORDS = word_set(
    """the a an this that its their our whole entire private public state service services
    high-tech tech new key main major other manufacturing industrial local national
    domestic global country's world's leading largest growing modern"""
)
_LABEL_STOP = word_set(
    """of and the other n.e.c. activities manufacture production except related in for on by
    with from its their products"""
)
_WORD_SCORE = 85
_BROAD = re.compile(
    rf"(?<![\w-])({'|'.join(sorted(BROAD, key=len, reverse=True))})"  # not "non-financial"
    r" (?:industry|industries|sector|sectors)\b",
    re.IGNORECASE,
)
_INDUSTRY_AFTER = re.compile(r"\s+(?:industry|industries|sector|sectors)\b")


def extract_sectors(doc: Document, context: Context) -> list[Candidate]:
    found = [
        Candidate("sector", doc.key, m.start, m.end, m.entries[0].name, "sectors:synonym",
                  _synonym_confidence(doc.text, m.start, m.end), m.entries[0].kind,
                  m.entries[0].links)
        for m in context.sectors.find(doc.text, capitalised=False)
    ]  # fmt: skip
    found += _broad(doc, [(c.start, c.end) for c in found])
    return found + _nace_labels(doc, context, [(c.start, c.end) for c in found])


def _nace_labels(doc: Document, context: Context, taken: list[tuple[int, int]]) -> list[Candidate]:
    found = []
    for match in _PHRASE.finditer(doc.text):
        words = [w for w in match.group(1).split() if w not in _NOT_SECTOR_WORDS]
        if any(w in STOPWORDS for w in words):
            continue  # "and the industry": a function word, not a kind of industry
        if not words or any(s <= match.start(1) < e or s < match.end(1) <= e for s, e in taken):
            continue
        code = nace_for(words, context.nace)
        if code is None:
            continue
        start = doc.text.index(words[0], match.start(1))
        found.append(Candidate("sector", doc.key, start, match.end(), " ".join(words),
                               "sectors:nace-label", 0.55, "nace", (("nace", code),)))  # fmt: skip
    return found


def _broad(doc: Document, taken: list[tuple[int, int]]) -> list[Candidate]:
    found = []
    for match in _BROAD.finditer(doc.text):
        if any(s < match.end(1) and match.start(1) < e for s, e in taken):
            continue
        word = match.group(1).casefold()
        label, code = BROAD[word]
        links = (("nace", code),) if code else ()
        kind = "nace" if code else "field"
        found.append(Candidate("sector", doc.key, match.start(1), match.end(1), label,
                               "sectors:broad", 0.8, kind, links))  # fmt: skip
    return found


def _synonym_confidence(text: str, start: int, end: int) -> float:
    """0.8 for a word that names an industry; 0.6 for one that names a product or another
    thing as often ("steel", "energy"), unless "industry" or "sector" follows it."""
    if name_key(text[start:end]) not in WEAK or _INDUSTRY_AFTER.match(text, end):
        return 0.8
    return 0.6


def nace_for(words: list[str], labels: dict[str, str]) -> str | None:
    """The NACE code whose label covers ``words`` with the fewest other words."""
    best: tuple[int, int, str] | None = None
    for code, label in labels.items():
        label_words = [
            w for w in label.casefold().replace(",", " ").split() if w not in _LABEL_STOP
        ]
        if not all(any(fuzz.ratio(w, lw) >= _WORD_SCORE for lw in label_words) for w in words):
            continue
        rank = (len(label_words) - len(words), len(code), code)
        if best is None or rank < best:
            best = rank
    return best[2] if best else None
