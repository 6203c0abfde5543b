"""Organisations named by what the sentence says about them, without a head word of their own.

Rules (``method`` = ``organisations:<rule>``):

- ``home-to``: the names listed right after "is home to" ("the region is home to Zorblat,
  Quenmore and Vantorix Systems"); names after "home to the ..." are left to other rules.
- ``apposition``: a name described by a noun that says what it is, after it ("Zorblat, the
  world's largest maker of ...", "Quenmore, a Northtown firm") or before it ("tyre maker
  Zorblat", "law firm Quenmore & Vantor"); the noun gives the kind (a bank, an insurer...).
- ``title``: the body someone works for: "chief executive of Zorblat", "(Ann Vale, Director,
  Quenmore)" — the last item of a bracketed "name, title, body" credit.
- ``publication``: "Zorblat magazine", "the Quenmore weekly".
- ``founded``: what someone founded or co-founded ("went on to found Zorblat").
- ``workplace``: where people work, study or get money: "engineers at Zorblat", "working at
  Quenmore", "funding from Vantor and Kestrel", "Zorblat graduates".
- ``its``: a name followed by what it did to "its" own things ("Zorblat moved its offices",
  "Quenmore said that 15% of its staff ...") is a body, not a person.
- ``domain``: a web name ("Zorblat.com").
- ``standalone``: a state body named by its head word alone, capitalised in running text:
  "the Navy", "the Treasury", "Congress" (but not "the Government", which any text may say).

Places, generic words, cluster and park names, demonyms and people's names in front of a
title are left out; every rule proposes with a confidence below 0.8 (a curator decides).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.names import LIST_SPLIT, RUN, Run, is_generic, runs
from s3kg.extract.orgheads import org_kind
from s3kg.extract.places_data import common_word
from s3kg.extract.text import word_set

IsPlace = Callable[[str], bool]
_NAME = RUN.pattern
# Nouns that say what kind of body a name is, singular and plural (kind by the first match).
_NOUNS = {
    "financial institution": r"banks?|lenders?|insurers?|investment banks?|stock exchanges?",
    "university": r"universit(?:y|ies)|business schools?|colleges?",
    "research institute": r"research (?:institutes?|centres?|centers?|laborator(?:y|ies))",
    "company": (
        r"compan(?:y|ies)|firms?|manufacturers?|makers?|carmakers?|automakers?|chipmakers?|"
        r"producers?|suppliers?|retailers?|publishers?|corporations?|conglomerates?|chains?|"
        r"airlines?|operators?|start-?ups?|giants?|multinationals?|newspapers?|broadcasters?|"
        r"studios?|utilit(?:y|ies)|brands?|designers?|groups?|businesses"
    ),
}
_ANY_NOUN = "|".join(_NOUNS.values()) + r"|affiliates?|subsidiar(?:y|ies)"
# Before a name only nouns that cannot start a place's or a product's name ("studios X").
_LEAD_NOUN = (
    r"banks?|lenders?|insurers?|compan(?:y|ies)|firms?|manufacturers?|makers?|carmakers?|"
    r"automakers?|chipmakers?|producers?|suppliers?|retailers?|publishers?|conglomerates?|"
    r"chains?|airlines?|operators?|newspapers?|broadcasters?|start-?ups?|startups"
)
_HOME_TO = re.compile(r"\b(?:is|are|was|were|being) home to (?=[A-Z])")
_AFTER = re.compile(
    rf"(?P<name>{_NAME}), (?:then |now |still )?(?:the|a|an|one of the|{_NAME}['’]s) "
    rf"(?:[\w'’&-]+ ){{0,7}}?(?P<noun>{_ANY_NOUN})\b"
)
_BEFORE = re.compile(rf"\b(?P<noun>{_LEAD_NOUN}),? (?P<name>{_NAME})(?![\w'’-])")
# "Zorblat magazine", "the Quenmore weekly": a publication's name before what it is.
_PUBLICATION = re.compile(rf"(?P<name>{_NAME}) (?:magazine|newspaper|daily|weekly)\b")
_TITLES = (
    r"(?:CEO|chief executive|Chief Executive|[Cc]hairman|[Cc]hairwoman|[Pp]resident|"
    r"[Dd]irector|[Ff]ounder|[Cc]o-founder|[Hh]ead|[Mm]anager|[Ee]conomist|[Ll]eader|"
    r"[Pp]artner|[Oo]fficer|[Ss]pokes(?:man|woman|person)|[Aa]nalyst|[Pp]rofessor)"
)
_TITLE_OF = re.compile(rf"\b{_TITLES} (?:of|at) (?:the )?(?P<name>{_NAME})")
_CREDIT = re.compile(rf"\((?:{_NAME}), (?P<title>[^()]*?{_TITLES}[^()]*?), (?P<name>{_NAME})\)")
_FOUNDED = re.compile(rf"\b(?:founded|co-founded|cofounded|to found|to start) (?P<name>{_NAME})")
_WORKPLACE = re.compile(
    rf"\b(?:(?:working|worked|works|studied|studying) (?:at|for)|employed by|(?:engineers|"
    rf"researchers|scientists|employees|staff|students) (?:at|of)) (?:the )?(?P<name>{_NAME})"
)
_FUNDER = re.compile(
    r"\b(?:money|funding|funds|grants?|loans?|financing|investments?|backing) from (?=[A-Z]|the )"
)
_PEOPLE = re.compile(rf"(?P<name>{_NAME}) (?:graduates|alumni|researchers|faculty)\b")
_ITS = re.compile(
    rf"(?P<name>{_NAME}) (?:has |had |also )?(?P<verb>[a-z]+(?:ed|s)) (?:[\w%,'’-]+ ){{0,8}}?its\b"
)
_NOT_VERBS = frozenset({"is", "was", "has", "as", "its", "this", "us", "does", "towards", "plus"})
_STANDALONE = re.compile(
    r"(?<=[a-z,] )(?:the )?(?P<name>Navy|Army|Pentagon|Kremlin|Treasury|Senate|Congress|"
    r"Parliament|Duma|Bundestag)\b(?! [A-Z])"
)
# Acronyms of subjects and measures, not of bodies ("STEM graduates").
_NOT_BODIES = word_set("STEM ICT IT R&D GDP GVA FDI SME SMEs PhD MBA CEO CEOs")
_DOMAIN = re.compile(r"\b[A-Z][A-Za-z0-9-]*\.(?:com|net|org|io)\b")
_CONFIDENCE = {
    "home-to": 0.6, "apposition": 0.65, "title": 0.6, "founded": 0.6, "workplace": 0.55,
    "its": 0.5, "domain": 0.7, "publication": 0.6, "standalone": 0.6,
}  # fmt: skip


def context_candidates(
    doc: Document, is_place: IsPlace, is_park: Callable[[str], bool]
) -> list[Candidate]:
    """Every organisation the rules of this module find in ``doc``."""

    def keep(run: Run, rule: str) -> bool:  # a weekly's name may end as a park's does
        return not _not_a_body(run, is_place, is_park if rule != "publication" else is_place)

    found = [_candidate(doc, r, rule, kind) for r, rule, kind in _named(doc) if keep(r, rule)]
    found += [
        _candidate(doc, r, "domain", "company")
        for m in _DOMAIN.finditer(doc.text)
        for r in [Run(m.start(), m.end(), m.group())]
    ]
    return found


def _named(doc: Document) -> Iterator[tuple[Run, str, str | None]]:
    text = doc.text
    for match in _HOME_TO.finditer(text):
        yield from ((r, "home-to", None) for r in _list(text, match.end()))
    for pattern in (_AFTER, _BEFORE):
        for match in pattern.finditer(text):
            yield from _one(text, match, "apposition", _noun_kind(match.group("noun")))
    for pattern in (_TITLE_OF, _CREDIT):
        for match in pattern.finditer(text):
            yield from _one(text, match, "title", None)
    for match in _FOUNDED.finditer(text):
        yield from _one(text, match, "founded", "company")
    for match in _PUBLICATION.finditer(text):
        yield from _one(text, match, "publication", "company")
    for match in _WORKPLACE.finditer(text):
        yield from _one(text, match, "workplace", None)
    for match in _PEOPLE.finditer(text):
        yield from _one(text, match, "workplace", "university")
    for match in _FUNDER.finditer(text):
        yield from ((r, "workplace", None) for r in _list(text, match.end()))
    for match in _STANDALONE.finditer(text):
        yield from _one(text, match, "standalone", "public authority")
    for match in _ITS.finditer(text):
        if match.group("verb") not in _NOT_VERBS:
            yield from _one(text, match, "its", "company")


def _one(
    text: str, match: re.Match[str], rule: str, kind: str | None
) -> Iterator[tuple[Run, str, str | None]]:
    """The name a pattern matched, without the function word that may open it ("While")."""
    found = list(runs(text, match.start("name"), match.end("name")))
    if found and found[-1].end >= match.end("name") - 2:  # "Zorblat's": the possessive cut
        yield found[-1], rule, kind


def _list(text: str, at: int) -> list[Run]:
    """The capitalised names listed from ``at`` ("A, B and the C"), up to the first item that
    is not one name."""
    stop = re.compile(r"[.;:()\n\[]|\s(?:to|in|at|that|which|who|with|for)\s").search(text, at)
    items, pos = [], at
    for item in LIST_SPLIT.split(text[at : stop.start() if stop else len(text)]):
        start = text.index(item, pos) if item else pos
        pos = start + len(item)
        lead = 4 if item.startswith("the ") else 0
        run = next(runs(text, start + lead, pos), None)
        if run is None or run.start != start + lead or run.end != pos or len(run.words) > 5:
            break
        items.append(run)
    return items


def _noun_kind(noun: str) -> str:
    for kind, pattern in _NOUNS.items():
        if re.fullmatch(pattern, noun):
            return kind
    return "company"


def _not_a_body(run: Run, is_place: IsPlace, is_park: Callable[[str], bool]) -> bool:
    """A place, a park or cluster, a generic word, a demonym or a common word alone."""
    words = run.words
    if is_generic(run.text) or is_place(run.text) or is_park(run.text) or run.text in _NOT_BODIES:
        return True
    if len(words) == 1 and (common_word(run.text, 5.0) or run.text.endswith(("ese", "ian"))):
        return True  # "Chinese", "Canadian", "Today": not names of bodies
    return len(words) > 5


def _candidate(doc: Document, run: Run, rule: str, kind: str | None) -> Candidate:
    return Candidate(
        "organisation", doc.key, run.start, run.end, run.text, f"organisations:{rule}",
        _CONFIDENCE[rule], org_kind(run.text) or kind or "company",
    )  # fmt: skip
