"""Organisations: names with the kind their head word gives, companies listed after a cue,
and names that the words around them show to be organisations.

Rules (``method`` = ``organisations:<rule>``):

- ``head``: a capitalised run (``names.py``) whose rightmost head word says the kind
  (``orgheads.py``): "Quenmore University", "Ministry of Economic Affairs", "Zorblat Motors
  UK", "X GmbH". The run needs a word that is neither a head nor generic ("Federal
  Government" is not a name); an owner before it is an organisation too (``owner``:
  "Zorblat" of "Zorblat's Kestrel Research Centre"), a place after "in" is not part of it.
- ``cue-list``: capitalised names listed after "companies such as", "firms including",
  "investors include", "tech companies A, B and C", or after "including" in a clause about
  companies ("leading firms are based here, including A and B").
- ``acronym``, ``legal-prefix``, ``list``, ``verb``, ``source``, ``invest`` and ``by-town``:
  names without a head word of their own (``orgrules.py``); ``body`` and ``government``:
  international bodies by name or bare acronym ("the WTO") and governments by their country
  ("the UK government", ``bodies.py``); ``home-to``, ``apposition``,
  ``title``, ``founded``, ``workplace``, ``its``, ``publication``, ``domain`` and
  ``standalone``: names the sentence shows to be bodies (``orgcontext.py``); ``alias``,
  ``short-form`` and ``repeat``: later mentions of a name found once (``orgforms.py``).

Where the words around them say "companies", a town of another country is read as the firm
named after it ("companies such as Komatsu" in a British text).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from s3kg.corpus.reader import Document
from s3kg.extract.bodies import body_candidates, government_candidates, is_body
from s3kg.extract.candidate import Candidate
from s3kg.extract.clusters import is_cluster_name
from s3kg.extract.context import Context
from s3kg.extract.lexicon import Match
from s3kg.extract.names import LIST_SPLIT, Run, is_generic, runs, split_names
from s3kg.extract.orgcontext import context_candidates
from s3kg.extract.orgforms import alias_candidates, repeat_candidates, short_form_candidates
from s3kg.extract.orgheads import LEGAL_FORMS, org_kind
from s3kg.extract.orgrules import (
    acronym_candidates,
    invest_candidates,
    list_candidates,
    prefixed_candidates,
    source_candidates,
    town_university_candidates,
    verb_candidates,
)
from s3kg.extract.places import document_countries

_CUE_NOUNS = (
    r"companies|firms|manufacturers|employers|investors|corporations|brands|makers|carmakers|"
    r"producers|developers|suppliers|multinationals|players|giants|businesses|studios|teams|"
    r"universities|institutes|banks|bureaus|bureaux|plants|operators|utilities|automakers|"
    r"organisations|organizations|institutions|names|publishers|retailers|chipmakers|lenders|"
    r"startups|start-ups"
)
# "firms such as A and B", "companies including A", "tech companies A, B and C".
_CUE = re.compile(
    rf"\b(?P<noun>{_CUE_NOUNS})\b"
    r"(?:,? (?:such as|including|like|include|includes|are|e\.g\.),?:? | \((?:including|such as|"
    r"e\.g\.,?) |,? (?=[A-Z][\w!&.-]*(?:,| and )))"
)
# "leading companies are based here, including A": the noun earlier in the clause.
_LATE_CUE = re.compile(r",? (?:including|such as) (?=[A-Z])")
_CLAUSE_NOUN = re.compile(rf"\b(?P<noun>{_CUE_NOUNS})\b[^.;:()\n]{{0,60}}$")
_CUE_KINDS = {
    "investors": "financial institution", "banks": "financial institution",
    "universities": "university", "institutes": "research institute",
    "organisations": None, "organizations": None, "institutions": None,
}  # fmt: skip
_CONFIDENCE = {"legal": 0.9, "head": 0.8, "cue-list": 0.6, "owner": 0.6}


def extract_organisations(doc: Document, context: Context) -> list[Candidate]:
    countries = document_countries(list(context.places.find(doc.text)))

    def is_place(name: str) -> bool:
        return _is_place(context, name)

    def place_not_firm(name: str) -> bool:  # where the context says "companies"
        return is_place(name) and not _foreign_town(context, countries, name)

    found = [
        _owner_candidate(doc, piece, is_place) if owner else _head_candidate(doc, piece)
        for run in runs(doc.text)
        for part in split_names(run, lambda name: org_kind(name) is not None or is_body(name))
        for piece, owner in _pieces(part, is_place)
    ]
    named = [c for c in found if c is not None]

    named += prefixed_candidates(doc) + acronym_candidates(doc, _kind_of_name)
    named += body_candidates(doc) + government_candidates(doc, lambda n: _is_country(context, n))
    named += invest_candidates(doc) + town_university_candidates(doc)
    listed = _cue_lists(doc, place_not_firm) + source_candidates(doc, is_place)

    named += context_candidates(doc, place_not_firm, is_cluster_name) + listed
    named += verb_candidates(doc, is_place) + alias_candidates(doc, named, is_place)
    named += short_form_candidates(doc, named, is_place)
    for _ in range(2):  # a list's name found again elsewhere may open another list
        named += list_candidates(doc, named, place_not_firm)
        named += repeat_candidates(doc, [c for c in named if c.method != "organisations:acronym"])
    return _unique(named)


def _unique(found: list[Candidate]) -> list[Candidate]:
    """One candidate per span and rule."""
    return list({(c.start, c.end, c.method): c for c in found}.values())


def _kind_of_name(name: str) -> str | None:
    return None if is_generic(name) else org_kind(name)


def _pieces(run: Run, is_place: Callable[[str], bool]) -> list[tuple[Run, bool]]:
    """The names in a run, each flagged when it is an owner's: "Zorblat's Northtown Research
    Centre" is the owner's name and the centre's; "Kestrel Research Centre in Northtown" is
    the centre's name without its place."""
    words, start = run.words, run.start
    for word in words[:-1]:
        rest_start = start + len(word) + 1
        rest = Run(rest_start, run.end, run.text[rest_start - run.start :])
        if word.endswith(("'s", "’s")) and org_kind(rest.text) is not None:
            end = start + len(word) - 2  # not "Fry's Electronics", a name of its own
            owner = Run(run.start, end, run.text[: end - run.start])
            return [(owner, True), *_pieces(rest, is_place)]
        start = rest_start
    where = run.text.rfind(" in ")
    if where > 0 and is_place(run.text[where + 4 :]):
        return [(Run(run.start, run.start + where, run.text[:where]), False)]
    return [(run, False)]


def _owner_candidate(
    doc: Document, run: Run, is_place: Callable[[str], bool]
) -> Candidate | None:
    """The owner of a named organisation ("Zorblat" of "Zorblat's Kestrel Research Centre")."""
    if is_generic(run.text) or is_place(run.text):
        return None
    return Candidate("organisation", doc.key, run.start, run.end, run.text,
                     "organisations:owner", _CONFIDENCE["owner"], "company")  # fmt: skip


def _head_candidate(doc: Document, run: Run) -> Candidate | None:
    kind = org_kind(run.text)
    if kind is None or is_generic(run.text):
        return None
    legal = run.words[-1].casefold() in LEGAL_FORMS
    rule = "legal" if legal else "head"
    return Candidate(
        "organisation",
        doc.key,
        run.start,
        run.end,
        run.text,
        f"organisations:{rule}",
        _CONFIDENCE[rule],
        kind,
    )


def _cue_lists(doc: Document, is_place: Callable[[str], bool]) -> list[Candidate]:
    text, found = doc.text, []
    cues = [(m.group("noun"), m.end()) for m in _CUE.finditer(text)]
    for late in _LATE_CUE.finditer(text):
        clause = _CLAUSE_NOUN.search(text, max(0, late.start() - 80), late.start())
        if clause is not None and late.end() not in {end for _, end in cues}:
            cues.append((clause.group("noun"), late.end()))
    for noun, at in cues:
        kind = _CUE_KINDS.get(noun, "company")
        found += [
            Candidate("organisation", doc.key, run.start, run.end, run.text,
                      "organisations:cue-list", _CONFIDENCE["cue-list"], kind)
            for run in _list_items(text, at, is_place)
        ]  # fmt: skip
    return found


def _list_items(text: str, at: int, is_place: Callable[[str], bool]) -> list[Run]:
    """The names listed from ``at`` to the end of the list (not places or generic words)."""
    items, pos = [], at
    for item in LIST_SPLIT.split(text[at : _list_end(text, at)]):
        start = text.index(item, pos) if item else pos
        pos = start + len(item)
        run = next(runs(text, start, pos), None)
        if run is None or run.start != start or len(run.words) > 5:
            continue  # lower-case words: not a name ("start-ups, universities and Zorblat")
        if not (is_generic(run.text) or is_place(run.text)):
            items.append(run)
    return items


def _list_end(text: str, start: int) -> int:
    """A list ends at the end of the sentence, a bracket or a line."""
    match = re.compile(r"[.;:()\n\[]|\s(?:to|in|at|that|which|who|with)\s").search(text, start)
    return match.start() if match else len(text)


def _foreign_town(context: Context, countries: Counter[str], name: str) -> bool:
    """A town of under a million people in a country the document does not name: named among
    companies, "Zorblat" is the firm named after it (a Japanese town in a British text)."""
    match = _whole_place(context, name)
    if match is None:
        return False
    return all(
        e.kind in ("city", "region") and e.weight < 1_000_000 and e.country not in countries
        for e in match.entries
    )


def _is_place(context: Context, name: str) -> bool:
    return _whole_place(context, name) is not None


def _is_country(context: Context, name: str) -> bool:
    """A country or region by this name, found without any cue (not "Federal", a town)."""
    match = _whole_place(context, name)
    return match is not None and any(
        e.kind in ("country", "region") and not e.guard for e in match.entries
    )


def _whole_place(context: Context, name: str) -> Match | None:
    """The gazetteer's match of all of ``name``, if it is a place's name."""
    match = next(context.places.find(name), None)
    return match if match is not None and (match.start, match.end) == (0, len(name)) else None
