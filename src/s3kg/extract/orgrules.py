"""Organisations named without a head word of their own: by an acronym the document defines,
by a legal form written before the name, by the list they are named in, or by what the
sentence says they do.

Rules (``method`` = ``organisations:<rule>``):

- ``acronym``: "Nuclear Decommissioning Authority (NDA)": the bracketed letters are the
  initials of the last words of the name before them (Schwartz and Hearst's test, function
  words skipped); when that name is an organisation's (its head word), the bracketed acronym
  and every later "NDA" are mentions of it.
- ``legal-prefix``: legal forms written before the name ("JSC Sukhoi", "OAO Gazprom", "OKB
  Fakel") make a company of the capitalised words after them.
- ``list``: a list of capitalised names ("A, B and C") in which one is already found as an
  organisation names organisations of the same kind in the others (places and generic words
  left out).
- ``verb``: a capitalised name that is the subject of what companies do ("X has invested",
  "X opened", "X employs") or the owner of a plant ("X's factory") is a company.

Later mentions of a name found once are found by ``orgforms.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pycountry

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.names import LIST_SPLIT, RUN, Run, is_generic, runs, split_names
from s3kg.extract.places_data import common_word
from s3kg.extract.text import word_set

_ACRONYM = re.compile(r" ?\(([A-Z][A-Za-z&]{1,9})[),]")
_SKIPPED = frozenset({"of", "for", "and", "the", "on", "in", "de", "&", "to", "at"})
_PREFIX_FORMS = r"JSC|OJSC|PJSC|CJSC|OAO|ZAO|PAO|OOO|NPO|NPP|OKB|FSUE|FGUP|SPA|KB"
_PREFIXED = re.compile(rf"\b(?:{_PREFIX_FORMS}) [\"“«]?(?P<name>{RUN.pattern})")
_LIST = re.compile(
    rf"{RUN.pattern}(?:(?:, {RUN.pattern})*,? (?:and|or) (?:{RUN.pattern}|others?\b|other )"
    rf"|(?:, {RUN.pattern}){{2,}})"
)
_VERBS = (
    r"(?:has |have |had |will )?(?:invested|invests|opened|opens|announced|announces|acquired|"
    r"acquires|employs|employed|manufactures|manufactured|produces|produced|expanded|expands|"
    r"is headquartered|are headquartered|was founded|were founded|is based|are based|chose|"
    r"selected|set up|established|relocated|designs|builds|built|released|releases|hired|hires|"
    r"launched|launches|operates|operate|is investing|are investing|"
    r"(?:is|are) making an? (?:[\w-]+ ){0,5}investment)\b"
)
_SUBJECT = re.compile(rf"(?P<name>{RUN.pattern})(?:['’]s)? {_VERBS}")
_OWNER = re.compile(
    rf"(?P<name>{RUN.pattern})['’]s (?:\w+ ){{0,4}}(?:factory|factories|plant|plants|"
    r"headquarters|site|facility|facilities|subsidiary|shares|chief executive|CEO|offices)\b"
)
_CONFIDENCE = {
    "acronym": 0.8, "legal-prefix": 0.85, "list": 0.6, "verb": 0.5, "source": 0.7,
    "invest": 0.8, "by-town": 0.6,
}  # fmt: skip
# "(Source: EY attractiveness survey 2017)": who published a figure is an organisation.
_SOURCE = re.compile(rf"\(Source: (?:The )?(?P<name>{RUN.pattern})")
_REPORT_WORDS = word_set(
    """outlook rankings ranking guide alternatives index survey report review tables census
    forecast portfolio focus engine data statistics yearbook monitor"""
)
# Investment-promotion agencies named "Invest <place>" ("Invest in <place>").
_INVEST = re.compile(rf"\bInvest (?:in )?(?P<name>{RUN.pattern})")
# "Durham and Newcastle universities": universities named by their towns.
_BY_TOWN = re.compile(
    rf"(?P<list>{RUN.pattern}(?:, {RUN.pattern})*,? and {RUN.pattern}) universities"
)
IsPlace = Callable[[str], bool]
_ACRONYM_WORD = re.compile(r"[A-Z]{2,5}")
# Words of job titles: a list with one names people and their posts, not firms.
_TITLE_WORDS = word_set(
    """president director manager leader economist chairman chairwoman founder officer head
    partner secretary minister professor ceo"""
)
_CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies)


def acronym_candidates(
    doc: Document, kind_of: Callable[[str], str | None]
) -> list[Candidate]:
    """Each acronym defined in brackets after an organisation's name, at every use."""
    text, found, seen = doc.text, [], set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        long_form = _long_form(text[max(0, match.start() - 160) : match.start()], acronym)
        kind = kind_of(long_form) if long_form else None
        if long_form is None or kind is None or acronym in seen:
            continue
        seen.add(acronym)  # every use counts, before the definition too
        for use in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            found.append(_candidate(doc, use.start(), use.end(), long_form, "acronym", kind))
    return found


def _long_form(before: str, acronym: str) -> str | None:
    """The shortest run of capitalised words ending ``before`` whose initials spell the
    acronym (function words skipped, an acronym's own capitals count: "BAE Systems")."""
    letters = [c.casefold() for c in acronym if c.isalpha()]
    tail = list(RUN.finditer(before))
    if not tail or tail[-1].end() != len(before):
        return None
    words = tail[-1].group().split(" ")
    for first in range(len(words) - 1, -1, -1):
        if words[first].casefold() in _SKIPPED:
            continue
        kept = [w for w in words[first:] if w.casefold() not in _SKIPPED]
        if "".join(letters) in _spellings(kept):
            return " ".join(words[first:])
    return None


def _spellings(words: list[str]) -> set[str]:
    """What the initials of ``words`` may spell: a word in capitals gives its first letter or
    all of them ("BAE Systems" is BS or BAES; "Northtown ASEAN Centre" is NAC or NASEANC)."""
    spelled = {""}
    for word in words:
        options = {word[0], word} if word.isupper() else {word[0]}
        spelled = {s + o.casefold() for s in spelled for o in options}
    return spelled


def prefixed_candidates(doc: Document) -> list[Candidate]:
    """Companies named after a legal form written before them."""
    found = []
    for match in _PREFIXED.finditer(doc.text):
        name = next(runs(doc.text, match.start("name"), match.end("name")), None)
        if name is not None and not is_generic(name.text):
            end = name.end
            label = doc.text[match.start() : end].replace("«", "").replace("“", "")
            found.append(_candidate(doc, match.start(), end, label.replace('"', ""),
                                    "legal-prefix"))
    return found


def list_candidates(
    doc: Document, named: list[Candidate], is_place: IsPlace
) -> list[Candidate]:
    """The other names of a list that names an organisation already found."""
    by_start = {c.start: c for c in named}
    found = []
    for match in _LIST.finditer(doc.text):
        if doc.text[match.start() - 1 : match.start()] == "(":
            continue  # "(Ann Vale, Head of Sales, Zorblat)": a credit, not a list of firms
        items = _items(doc.text, match.start(), match.end())
        known = [by_start[i.start] for i in items if i.start in by_start]
        if not known or any(_TITLE_WORDS & set(i.text.casefold().split()) for i in items):
            continue
        kind = known[0].kind
        for item in items:
            if item.start in by_start or len(item.words) > 4 or _not_name(item, is_place, doc.text):
                continue
            found.append(_candidate(doc, item.start, item.end, item.text, "list", kind))
    return found


def verb_candidates(doc: Document, is_place: IsPlace) -> list[Candidate]:
    """Companies that are the subject of what companies do, or own a plant."""
    found = []
    for pattern in (_SUBJECT, _OWNER):
        for match in pattern.finditer(doc.text):
            name = next(runs(doc.text, match.start("name"), match.end("name")), None)
            if name is None or len(name.words) > 4:
                continue
            # "Zorblat and IBM opened offices": two subjects when one is an acronym ("Marks
            # and Spencer opened" stays one name)
            for part in split_names(name, _short_or_acronym(name.text)):
                if not _not_name(part, is_place, doc.text):
                    found.append(_candidate(doc, part.start, part.end, part.text, "verb"))
    return found


def _short_or_acronym(subject: str) -> Callable[[str], bool]:
    halves = subject.split(" and ")
    if not any(_ACRONYM_WORD.fullmatch(half) for half in halves):
        return lambda _text: False
    return lambda text: len(text.split()) <= 2


def _items(text: str, start: int, end: int) -> list[Run]:
    """The names of a list, each one run ("A, B and C" is three)."""
    items, pos = [], start
    for part in LIST_SPLIT.split(text[start:end]):
        at = text.index(part, pos) if part else pos
        pos = at + len(part)
        items += [r for r in runs(text, at, pos) if r.start == at and r.end == pos]
    return items


def _not_name(run: Run, is_place: IsPlace, text: str = "") -> bool:
    """A place, a generic word or a single word that may only start the sentence: a very
    common word, or a common one the text also writes in lower case ("Food" and "food")."""
    word = run.text
    if len(run.words) == 1 and (word in _CURRENCIES or common_word(word, 5.0) or (
        common_word(word, 4.3) and (not text or re.search(rf"\b{word.lower()}\b", text))
    )):  # fmt: skip
        return True  # "Food", "Technologies", "GBP": words and units, not names
    return is_generic(word) or is_place(word) or "’s" in word or "'s" in word


def _candidate(
    doc: Document, start: int, end: int, label: str, rule: str, kind: str | None = "company"
) -> Candidate:
    return Candidate(
        "organisation", doc.key, start, end, label, f"organisations:{rule}",
        _CONFIDENCE[rule], kind,
    )  # fmt: skip


def source_candidates(doc: Document, is_place: IsPlace) -> list[Candidate]:
    """The publisher a "(Source: ...)" note names; of a report title, its acronym."""
    found = []
    for match in _SOURCE.finditer(doc.text):
        name = next(runs(doc.text, match.start("name"), match.end("name")), None)
        if name is None or _not_name(name, is_place):
            continue
        words = name.words
        if len(words) > 1 and words[0].isupper() and words[0] not in _CURRENCIES:
            end = name.start + len(words[0])  # "KPMG Competitive Alternatives": KPMG
            found.append(_candidate(doc, name.start, end, words[0], "source"))
        elif not any(w.casefold() in _REPORT_WORDS for w in words):
            found.append(_candidate(doc, name.start, name.end, name.text, "source"))
    return found


def invest_candidates(doc: Document) -> list[Candidate]:
    """ "Invest Northern Ireland", "Invest in Surrey": investment-promotion agencies."""
    found = []
    for match in _INVEST.finditer(doc.text):
        name = next(runs(doc.text, match.start("name"), match.end("name")), None)
        if name is not None and name.start == match.start("name"):
            label = doc.text[match.start() : name.end]
            found.append(_candidate(doc, match.start(), name.end, label, "invest",
                                    "development agency"))  # fmt: skip
    return found


def town_university_candidates(doc: Document) -> list[Candidate]:
    """Each town of "<town>, <town> and <town> universities" names a university."""
    found = []
    for match in _BY_TOWN.finditer(doc.text):
        for item in _items(doc.text, match.start("list"), match.end("list")):
            found.append(_candidate(doc, item.start, item.end, f"{item.text} university",
                                    "by-town", "university"))  # fmt: skip
    return found
