"""Organisations: names with the kind their head word gives, companies listed after a cue,
and acronyms a document defines for them.

Rules (``method`` = ``organisations:<rule>``):

- ``head``: a capitalised run (``names.py``) whose rightmost head word says the kind —
  "Stanford University", "Ministry of Economic Affairs", "Asian Development Bank",
  "Taiwan Semiconductor Manufacturing Company", "Fairchild Semiconductor", "X GmbH". The run
  needs a word that is neither a head nor generic ("Federal Government" is not a name).
- ``cue-list``: capitalised names listed after "companies such as", "firms including",
  "investors include" ... are companies (financial institutions after "investors").
- ``acronym``, ``legal-prefix``, ``list``, ``verb``, ``source``, ``invest``, ``by-town`` and
  ``repeat``: names without a head word of their own (``orgrules.py``); ``repeat`` finds
  every other mention of a name found once ("Gazprom" in a list, then "Gazprom" alone).
"""

from __future__ import annotations

import re

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.context import Context
from s3kg.extract.names import GENERIC, LIST_SPLIT, Run, is_generic, runs, split_names
from s3kg.extract.orgrules import (
    acronym_candidates,
    invest_candidates,
    list_candidates,
    prefixed_candidates,
    repeat_candidates,
    source_candidates,
    town_university_candidates,
    verb_candidates,
)

# Legal forms end a company's name ("Acme Ltd"); the company heads below include them.
_LEGAL_FORMS = frozenset(
    {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "limited", "plc", "llc", "gmbh", "ag", "sa",
     "s.a.", "nv", "bv"}
)  # fmt: skip

# Head word (casefolded) -> kind; the rightmost head of a run decides.
HEADS = {
    **dict.fromkeys(("university", "college", "polytechnic", "school"), "university"),
    **dict.fromkeys(
        (
            "institute",
            "institution",
            "laboratory",
            "laboratories",
            "lab",
            "labs",
            "academy",
            "academia",
            "catapult",
            "observatory",
            "centre",
            "center",
        ),
        "research institute",
    ),
    **dict.fromkeys(
        (
            "ministry",
            "department",
            "council",
            "commission",
            "government",
            "parliament",
            "congress",
            "senate",
            "administration",
            "bureau",
            "authority",
            "office",
            "organization",
            "organisation",
            "executive",
            "assembly",
            "duma",
            "treasury",
            "union",
            "navy",
            "army",
            "fleet",
            "forces",
            "police",
        ),
        "public authority",
    ),
    **dict.fromkeys(("agency", "enterprise", "corporation for development"), "development agency"),
    **dict.fromkeys(
        ("bank", "fund", "capital", "ventures", "partners", "exchange", "investments"),
        "financial institution",
    ),
    **dict.fromkeys(
        (
            *sorted(_LEGAL_FORMS),
            "corporation",
            "company",
            "co",
            "co.",
            "group",
            "holdings",
            "motors",
            "technologies",
            "systems",
            "semiconductor",
            "semiconductors",
            "electronics",
            "airlines",
            "airways",
            "pharmaceuticals",
            "industries",
            "instruments",
            "networks",
            "software",
            "labs",
            "associates",
            "railways",
            "plant",
            "factory",
            "works",
            "combine",
            "shipyard",
            "journal",
            "times",
            "gazette",
            "herald",
            "club",
        ),
        "company",
    ),
    **dict.fromkeys(
        ("association", "federation", "chamber", "society", "foundation", "alliance", "consortium",
         "forum", "trust", "partnership"),
        "association",
    ),
}
_CONNECTORS = frozenset({"of", "for", "on", "and", "the", "de", "du", "la", "in", "&"})
_CUE = re.compile(
    r"\b(?P<noun>companies|firms|manufacturers|employers|investors|corporations|brands|"
    r"makers|carmakers|producers|developers|suppliers|multinationals|players|giants|"
    r"businesses|studios|teams|universities|institutes|banks|bureaus|bureaux|plants|operators|"
    r"utilities|automakers|organisations|organizations|institutions|names)\b"
    r",? (?:such as|including|like|include|includes|are|e\.g\.)"
    r",?:? "
)
_CUE_KINDS = {
    "investors": "financial institution", "banks": "financial institution",
    "universities": "university", "institutes": "research institute",
    "organisations": None, "organizations": None, "institutions": None,
}  # fmt: skip
_CONFIDENCE = {"legal": 0.9, "head": 0.8, "cue-list": 0.6}


def extract_organisations(doc: Document, context: Context) -> list[Candidate]:
    found = [
        _head_candidate(doc, part)
        for run in runs(doc.text)
        for part in split_names(run, lambda name: org_kind(name) is not None)
    ]
    named = [c for c in found if c is not None]
    def is_place(name: str) -> bool:
        return _is_place(context, name)

    named += prefixed_candidates(doc) + acronym_candidates(doc, _kind_of_name)
    named += invest_candidates(doc) + town_university_candidates(doc)
    listed = _cue_lists(doc, context) + source_candidates(doc, is_place)

    named += list_candidates(doc, named + listed, is_place)
    named += listed + verb_candidates(doc, is_place)
    named += repeat_candidates(doc, [c for c in named if c.method != "organisations:acronym"])
    return named


def _kind_of_name(name: str) -> str | None:
    return None if is_generic(name) else org_kind(name)


def org_kind(name: str) -> str | None:
    """The kind of organisation a name's head word gives, None when it has no head."""
    words = name.split(" ")
    heads = [i for i, w in enumerate(words) if w.casefold() in HEADS]
    if not heads:
        return None
    head = heads[-1]
    if head + 1 < len(words) and words[head + 1].casefold() not in _CONNECTORS:
        return None  # a head in the middle of a longer name: "Bank Street"
    distinct = [
        w
        for i, w in enumerate(words)
        if i not in heads and w.casefold() not in GENERIC and w.casefold() not in _CONNECTORS
    ]
    if not distinct and not (head == 0 and len(words) > 2):
        return None  # "Federal Government", "University": no name of its own
    if "cluster" in (w.casefold() for w in words) and HEADS[words[head].casefold()] in (
        "association",
        "public authority",
    ):
        return "cluster organisation"
    return HEADS[words[head].casefold()]


def _head_candidate(doc: Document, run: Run) -> Candidate | None:
    kind = org_kind(run.text)
    if kind is None or is_generic(run.text):
        return None
    legal = run.words[-1].casefold() in _LEGAL_FORMS
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


def _cue_lists(doc: Document, context: Context) -> list[Candidate]:
    text, found = doc.text, []
    for cue in _CUE.finditer(text):
        kind = _CUE_KINDS.get(cue.group("noun"), "company")
        stop = _list_end(text, cue.end())
        pos = cue.end()
        for item in LIST_SPLIT.split(text[cue.end() : stop]):
            start = text.index(item, pos) if item else pos
            pos = start + len(item)
            run = next(runs(text, start, pos), None)
            if run is None or run.start != start or len(run.words) > 5:
                continue  # lower-case words: the list is over or is not of names
            if is_generic(run.text) or _is_place(context, run.text):
                continue
            found.append(
                Candidate(
                    "organisation",
                    doc.key,
                    run.start,
                    run.end,
                    run.text,
                    "organisations:cue-list",
                    _CONFIDENCE["cue-list"],
                    kind,
                )
            )
    return found


def _list_end(text: str, start: int) -> int:
    """A list ends at the end of the sentence, a bracket or a line."""
    match = re.compile(r"[.;:()\n\[]|\s(?:to|in|at|that|which|who|with)\s").search(text, start)
    return match.start() if match else len(text)


def _is_place(context: Context, name: str) -> bool:
    match = next(context.places.find(name), None)
    return match is not None and match.start == 0 and match.end == len(name)
